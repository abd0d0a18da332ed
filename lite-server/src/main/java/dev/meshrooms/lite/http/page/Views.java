package dev.meshrooms.lite.http.page;

import dev.meshrooms.core.billing.ShardCostEstimate;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.media.InlineTypes;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomSummary;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.move.MoveStatus;
import dev.meshrooms.core.usage.LimitState;
import dev.meshrooms.core.usage.RoomLimits;
import dev.meshrooms.lite.http.support.SignatureChecks;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Builds the pages' view records from the core's objects: what to show, formatted for people. */
final class Views {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final int COLORS = 7;

    private Views() {}

    /** @param timeline newest first, as the core pages it */
    static RoomView room(
            RoomSummary summary,
            List<MessageView> timeline,
            ZoneId zone,
            int members,
            long lastChange,
            String older,
            RoomView.Viewer viewer,
            long maxUploadBytes,
            RoomLimits.Standing standing) {
        Room room = summary.room();
        Map<UUID, MessageView> byId = new HashMap<>();
        timeline.forEach(v -> byId.put(v.message().id(), v));
        List<RoomView.Item> items = new ArrayList<>();
        String lastDay = null;
        for (int i = timeline.size() - 1; i >= 0; i--) {
            MessageView view = timeline.get(i);
            ZonedDateTime at = view.message().createdAt().atZone(zone);
            String day = DAY.format(at);
            if (!day.equals(lastDay)) {
                items.add(new RoomView.Item(day, null));
                lastDay = day;
            }
            items.add(new RoomView.Item(null, message(view, byId, at)));
        }
        return new RoomView(
                room.id(),
                room.name(),
                room.slug(),
                room.topic(),
                summary.messageCount(),
                members,
                room.isPublic(),
                room.isSharded(),
                items,
                lastChange,
                older,
                viewer,
                maxUploadBytes,
                banner(standing, viewer.admin()));
    }

    /** The free tier's banner: for everyone what happened and that messages still work; for admins what to do. */
    static RoomView.Banner banner(RoomLimits.Standing standing, boolean admin) {
        if (standing == null || standing.state() == LimitState.WITHIN) {
            return null;
        }
        String todo = standing.state() == LimitState.OVER
                ? "Add billing to the room, or re-centralise it into the shared database, from its settings."
                : "Add billing before it ends, or re-centralise the room, from its settings.";
        return new RoomView.Banner(
                standing.state() == LimitState.OVER ? "over" : "near", standing.sentence(), admin ? todo : "");
    }

    private static RoomView.MessageLine message(MessageView view, Map<UUID, MessageView> byId, ZonedDateTime at) {
        Message m = view.message();
        User author = view.author();
        String name = author == null ? "Unknown author" : author.displayName();
        String handle = author == null ? "unknown" : author.handle();
        boolean verified = SignatureChecks.verified(m, author);
        MessageView parent = m.replyTo() == null ? null : byId.get(m.replyTo());
        String parentName = parent == null
                ? null
                : parent.author() == null ? "unknown" : parent.author().displayName();
        String snippet = parent == null
                ? null
                : parent.message().body().length() > 80
                        ? parent.message().body().substring(0, 80) + "…"
                        : parent.message().body();
        List<RoomView.MediaLine> media = view.media().stream().map(Views::media).toList();
        return new RoomView.MessageLine(
                m.id(),
                name,
                handle,
                initials(name),
                colorClass(handle),
                TIME.format(at),
                m.createdAt().toString(),
                m.editedAt() != null,
                verified,
                author != null && author.ghost(),
                author == null ? "" : fingerprint(author.publicKey()),
                m.replyTo(),
                parentName,
                snippet,
                m.body(),
                media,
                m.authorId(),
                m.deleted(),
                m.changeSeq(),
                Links.parts(m.body()));
    }

    private static RoomView.MediaLine media(MediaItem item) {
        String fileName = item.objectKey().substring(item.objectKey().lastIndexOf('/') + 1);
        boolean image =
                InlineTypes.inline(item.contentType()) && item.contentType().startsWith("image/");
        return new RoomView.MediaLine(
                item.url(), image, fileName, ByteSizes.human(item.size()), item.width(), item.height());
    }

    static RoomsView rooms(List<RoomSummary> rooms) {
        return new RoomsView(rooms.stream()
                .map(s -> new RoomsView.Card(
                        s.room().slug(),
                        s.room().name(),
                        s.messageCount(),
                        colorClass(s.room().slug())))
                .toList());
    }

    static SettingsView settings(
            RoomSummary summary,
            ShardCostEstimate cost,
            Optional<MoveStatus> move,
            String csrf,
            dev.meshrooms.core.billing.UsageReport usage,
            java.time.ZoneId zone,
            RoomLimits.Standing standing,
            boolean billingEnabled,
            dev.meshrooms.core.billing.BillingLedger.Link link) {
        Room room = summary.room();
        boolean running = move.map(m -> !m.finished()).orElse(false);
        boolean failed = move.map(MoveStatus::failed).orElse(false);
        List<SettingsView.CostLine> lines = cost.lines().stream()
                .map(l -> new SettingsView.CostLine(l.label(), l.basis(), money(l.monthly())))
                .toList();
        return new SettingsView(
                room.id(),
                room.name(),
                room.slug(),
                room.isSharded(),
                room.shardSchema(),
                room.mediaBucket() == null ? "(shared)" : room.mediaBucket(),
                summary.messageCount(),
                ByteSizes.human(cost.rowBytes()),
                ByteSizes.human(cost.mediaBytes()),
                lines,
                money(cost.monthlyTotal()),
                cost.prices().region(),
                cost.prices().takenOn(),
                cost.prices().resource(),
                running,
                failed,
                move.map(MoveStatus::direction).orElse("decentralise"),
                move.map(MoveStatus::percent).orElse(0),
                move.map(MoveStatus::phaseLabel).orElse(""),
                move.map(MoveStatus::error).orElse(""),
                room.topic() == null ? "" : room.topic(),
                csrf,
                UsageCharts.panel(usage, room.isSharded(), zone),
                banner(standing, true),
                new SettingsView.Billing(
                        billingEnabled,
                        link.active(),
                        link.customer(),
                        link.status() == null ? "" : link.status(),
                        link.linkedAt() == null
                                ? ""
                                : java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(
                                        link.linkedAt().atZone(zone)),
                        link.error() == null ? "" : link.error()));
    }

    static String money(double usd) {
        return usd > 0 && usd < 0.01 ? "< $0.01" : String.format(Locale.ROOT, "$%.2f", usd);
    }

    static String initials(String name) {
        String[] parts = name.trim().split("\\s+");
        String first = parts[0].isEmpty() ? "?" : parts[0].substring(0, parts[0].offsetByCodePoints(0, 1));
        String second =
                parts.length > 1 && !parts[1].isEmpty() ? parts[1].substring(0, parts[1].offsetByCodePoints(0, 1)) : "";
        return (first + second).toUpperCase(Locale.ROOT);
    }

    private static String colorClass(String key) {
        return "c" + Math.floorMod(key.hashCode(), COLORS);
    }

    /** The first 16 hex digits of the key's SHA-256, in groups of four: enough for people to tell keys apart. */
    static String fingerprint(byte[] publicKey) {
        try {
            String hex = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey))
                    .substring(0, 16);
            return hex.substring(0, 4) + " " + hex.substring(4, 8) + " " + hex.substring(8, 12) + " "
                    + hex.substring(12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
