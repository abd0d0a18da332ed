package dev.meshrooms.lite.http.page;

import dev.meshrooms.core.media.MediaItem;
import dev.meshrooms.core.message.Message;
import dev.meshrooms.core.message.MessageView;
import dev.meshrooms.core.room.RoomSummary;
import dev.meshrooms.core.signature.MessageSignatures;
import dev.meshrooms.lite.http.Html;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Renders a room's page: its latest messages, oldest at the top, as a chat room reads. */
final class RoomPage {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final String[] COLORS = {"#5b6ee1", "#e1795b", "#3fa37a", "#b35bd1", "#d1a13b", "#3b9fd1", "#d14d6e"};

    private RoomPage() {
    }

    /** @param timeline newest first, as the core pages it */
    static String render(RoomSummary summary, List<MessageView> timeline, ZoneId zone) {
        var room = summary.room();
        Map<UUID, MessageView> byId = new HashMap<>();
        timeline.forEach(v -> byId.put(v.message().id(), v));
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.escape(room.name())).append(" · Mesh-Lite</title>")
                .append("<style>").append(CSS).append("</style></head><body>")
                .append("<header class=\"room-header\"><div class=\"wrap\"><div class=\"title\">")
                .append("<h1 data-testid=\"room-name\">").append(Html.escape(room.name())).append("</h1>")
                .append("<div class=\"meta\"><span class=\"slug\">#").append(Html.escape(room.slug())).append("</span>")
                .append(" · ").append(summary.messageCount()).append(summary.messageCount() == 1 ? " message" : " messages")
                .append(" · ").append(room.isPublic() ? "public room" : "private room")
                .append(room.isSharded() ? " · <span class=\"sovereign\">sovereign shard</span>" : "")
                .append("</div></div><div class=\"tools\"><a class=\"settings\" href=\"/room/").append(Html.escape(room.slug()))
                .append("/settings\">Settings</a><div class=\"served\"><span class=\"dot\"></span>Mesh-Lite</div></div></div></header>")
                .append("<main class=\"wrap\" id=\"timeline\">");
        if (timeline.isEmpty()) {
            html.append("<div class=\"empty\">No messages yet. Say hello through the API: <code>POST /api/sendMessage</code></div>");
        }
        String lastDay = null;
        for (int i = timeline.size() - 1; i >= 0; i--) {
            MessageView view = timeline.get(i);
            ZonedDateTime at = view.message().createdAt().atZone(zone);
            String day = DAY.format(at);
            if (!day.equals(lastDay)) {
                html.append("<div class=\"day\"><span>").append(day).append("</span></div>");
                lastDay = day;
            }
            message(html, view, byId, at);
        }
        html.append("</main><footer class=\"wrap\">Messages are signed by their authors (Ed25519); ✓ marks a signature")
                .append(" that verified as this page was made.</footer></body></html>");
        return html.toString();
    }

    static String index(List<RoomSummary> rooms) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rooms · Mesh-Lite</title>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<style>").append(CSS).append("</style></head><body><header class=\"room-header\"><div class=\"wrap\">")
                .append("<div class=\"title\"><h1>Rooms on this Mesh-Lite</h1><div class=\"meta\">public rooms</div></div>")
                .append("<div class=\"served\"><span class=\"dot\"></span>Mesh-Lite</div></div></header><main class=\"wrap\">");
        if (rooms.isEmpty()) {
            html.append("<div class=\"empty\">No public rooms yet. Start with <code>serve --demo</code> or import a bundle.</div>");
        }
        for (RoomSummary s : rooms) {
            html.append("<a class=\"message\" style=\"text-decoration:none;color:inherit\" href=\"/room/")
                    .append(Html.escape(s.room().slug())).append("\"><div class=\"avatar\" style=\"background:")
                    .append(color(s.room().slug())).append("\">#</div><div class=\"content\"><div class=\"author\">")
                    .append(Html.escape(s.room().name())).append("</div><div class=\"handle\">#")
                    .append(Html.escape(s.room().slug())).append(" · ").append(s.messageCount()).append(" messages</div></div></a>");
        }
        return html.append("</main></body></html>").toString();
    }

    private static void message(StringBuilder html, MessageView view, Map<UUID, MessageView> byId, ZonedDateTime at) {
        Message m = view.message();
        String handle = view.author() == null ? "unknown" : view.author().handle();
        String name = view.author() == null ? "Unknown author" : view.author().displayName();
        boolean verified = view.author() != null
                && MessageSignatures.verify(m.signedContent(view.author().publicKey()), m.signature());
        html.append("<article class=\"message\" data-testid=\"message\" id=\"m-").append(m.id()).append("\">")
                .append("<div class=\"avatar\" style=\"background:").append(color(handle)).append("\">")
                .append(Html.escape(initials(name))).append("</div><div class=\"content\"><div class=\"line\">")
                .append("<span class=\"author\" data-testid=\"author\">").append(Html.escape(name)).append("</span>")
                .append("<span class=\"handle\">@").append(Html.escape(handle)).append("</span>")
                .append("<time datetime=\"").append(m.createdAt()).append("\">").append(TIME.format(at)).append("</time>");
        if (m.editedAt() != null) {
            html.append("<span class=\"edited\">(edited)</span>");
        }
        html.append(verified ? "<span class=\"signed\" title=\"signature verified\">✓ signed</span>"
                : "<span class=\"unsigned\" title=\"signature does not verify\">⚠ unverified</span>");
        html.append("</div>");
        if (m.replyTo() != null) {
            MessageView parent = byId.get(m.replyTo());
            html.append("<a class=\"reply\" href=\"#m-").append(m.replyTo()).append("\">↪ ");
            if (parent != null) {
                String parentName = parent.author() == null ? "unknown" : parent.author().displayName();
                String snippet = parent.message().body();
                html.append("<b>").append(Html.escape(parentName)).append("</b> ")
                        .append(Html.escape(snippet.length() > 80 ? snippet.substring(0, 80) + "…" : snippet));
            } else {
                html.append("an earlier message");
            }
            html.append("</a>");
        }
        html.append("<div class=\"body\" data-testid=\"body\">").append(Html.escape(m.body())).append("</div>");
        if (!view.media().isEmpty()) {
            html.append("<div class=\"media\">");
            for (MediaItem item : view.media()) {
                if (item.contentType().startsWith("image/")) {
                    html.append("<a href=\"").append(Html.escape(item.url())).append("\"><img data-testid=\"media-image\" src=\"")
                            .append(Html.escape(item.url())).append("\" alt=\"image shared by ").append(Html.escape(name))
                            .append("\" loading=\"lazy\"></a>");
                } else {
                    html.append("<a class=\"file\" href=\"").append(Html.escape(item.url())).append("\">📎 ")
                            .append(Html.escape(item.objectKey().substring(item.objectKey().lastIndexOf('/') + 1)))
                            .append(" (").append(item.size() / 1024).append(" KiB)</a>");
                }
            }
            html.append("</div>");
        }
        html.append("</div></article>");
    }

    private static String initials(String name) {
        String[] parts = name.trim().split("\\s+");
        String first = parts[0].isEmpty() ? "?" : parts[0].substring(0, parts[0].offsetByCodePoints(0, 1));
        String second = parts.length > 1 && !parts[1].isEmpty() ? parts[1].substring(0, parts[1].offsetByCodePoints(0, 1)) : "";
        return (first + second).toUpperCase(Locale.ROOT);
    }

    private static String color(String handle) {
        return COLORS[Math.floorMod(handle.hashCode(), COLORS.length)];
    }

    static final String CSS = """
            *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",\
            "DejaVu Sans",sans-serif;background:#f3f4f7;color:#1d2230}.wrap{max-width:860px;margin:0 auto;padding:0 20px}\
            .room-header{background:#1f2440;color:#fff;position:sticky;top:0;z-index:2;box-shadow:0 2px 8px rgba(0,0,0,.15)}\
            .room-header .wrap{display:flex;align-items:center;justify-content:space-between;padding-top:14px;padding-bottom:14px}\
            h1{margin:0;font-size:21px;font-weight:650}.meta{opacity:.75;font-size:13px;margin-top:2px}\
            .sovereign{color:#9fe6c1}.served{font-size:12px;background:rgba(255,255,255,.12);padding:5px 10px;\
            border-radius:999px}.dot{display:inline-block;width:8px;height:8px;border-radius:50%;background:#4ade80;\
            margin-right:6px}main{padding-top:8px;padding-bottom:24px}.day{text-align:center;margin:18px 0 6px;\
            font-size:12px;color:#6b7185}.day span{background:#e6e8ef;padding:3px 12px;border-radius:999px}\
            .message{display:flex;gap:12px;padding:10px 12px;border-radius:10px}.message:hover{background:#fff}\
            .avatar{flex:0 0 40px;height:40px;border-radius:50%;color:#fff;display:flex;align-items:center;\
            justify-content:center;font-weight:700;font-size:15px}.content{min-width:0;flex:1}\
            .line{display:flex;align-items:baseline;gap:8px;flex-wrap:wrap}.author{font-weight:650}\
            .handle,time,.edited{color:#7a8094;font-size:12.5px}.signed{font-size:11px;color:#16803c;background:#e3f6e9;\
            padding:1px 7px;border-radius:999px}.unsigned{font-size:11px;color:#a4262c;background:#fde7e9;padding:1px 7px;\
            border-radius:999px}.body{white-space:pre-wrap;overflow-wrap:anywhere;margin-top:2px}\
            .reply{display:block;font-size:13px;color:#5a6072;border-left:3px solid #c9cde0;padding:2px 8px;margin:4px 0;\
            text-decoration:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
            .media{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}.media img{max-width:360px;max-height:260px;\
            border-radius:10px;border:1px solid #dfe2ea;display:block}.file{font-size:14px}\
            .tools{display:flex;gap:10px;align-items:center}.settings{color:#c9cffa;font-size:13px;text-decoration:none}\
            .settings:hover{color:#fff}.empty{margin:60px auto;text-align:center;color:#6b7185}footer{color:#7a8094;font-size:12px;padding-bottom:30px}""";
}
