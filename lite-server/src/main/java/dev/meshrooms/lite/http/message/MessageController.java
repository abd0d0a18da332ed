package dev.meshrooms.lite.http.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.auth.RoomAccess;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessagePage;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.lite.http.support.JsonBodies;
import dev.meshrooms.lite.http.support.RequestAuth;
import dev.meshrooms.lite.http.support.RoomRef;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /api/sendMessage} and {@code GET /api/fetchMessages}, routed by {@code x-room-id} / {@code roomId};
 * {@code PATCH} and {@code DELETE /api/room/{ref}/messages/{id}} edit and delete one.
 */
public final class MessageController {
    public static final int DEFAULT_LIMIT = 50;
    private final MeshCore core;
    private final RequestAuth auth;
    private final JsonBodies bodies;

    public MessageController(MeshCore core, RequestAuth auth, JsonBodies bodies) {
        this.core = core;
        this.auth = auth;
        this.bodies = bodies;
    }

    public record PageJson(List<MessageJson> messages, String next) {}

    public void send(Context ctx) {
        Optional<Principal> principal = auth.principal(ctx);
        Room room = core.access().writable(RoomRef.of(ctx), principal);
        JsonNode body = bodies.object(ctx);
        String text = JsonBodies.string(body, "body");
        if (text == null) {
            throw MeshException.invalid("body", "missing; send {\"body\": \"your message\"}");
        }
        String replyText = JsonBodies.string(body, "replyTo");
        UUID replyTo = replyText == null ? null : id("replyTo", replyText);
        Message message =
                core.messages().send(room.id(), principal.orElseThrow().userId(), text, replyTo, attachments(body));
        ctx.status(HttpStatus.CREATED).json(MessageJson.of(core.messages().view(room.id(), message)));
    }

    /** {@code PATCH /api/room/{ref}/messages/{id}} {@code {"body": "..."}}: the author edits (signed again). */
    public void edit(Context ctx) {
        RoomAccess.Member member = core.access().member(ctx.pathParam("ref"), auth.principal(ctx));
        JsonNode body = bodies.object(ctx);
        String text = JsonBodies.string(body, "body");
        if (text == null) {
            throw MeshException.invalid("body", "missing; send {\"body\": \"the new text\"}");
        }
        Message edited = core.messages()
                .edit(
                        member.room().id(),
                        id("id", ctx.pathParam("id")),
                        member.principal().userId(),
                        text);
        ctx.json(MessageJson.of(core.messages().view(member.room().id(), edited)));
    }

    /** {@code DELETE /api/room/{ref}/messages/{id}}: the author, or an admin of the room, deletes; the tombstone. */
    public void delete(Context ctx) {
        RoomAccess.Member member = core.access().member(ctx.pathParam("ref"), auth.principal(ctx));
        Message tombstone = core.messages()
                .delete(
                        member.room().id(),
                        id("id", ctx.pathParam("id")),
                        member.principal().userId(),
                        member.moderator());
        ctx.json(MessageJson.of(core.messages().view(member.room().id(), tombstone)));
    }

    public void fetch(Context ctx) {
        Room room = core.access().readable(RoomRef.of(ctx), auth.principal(ctx));
        int limit = DEFAULT_LIMIT;
        String limitText = ctx.queryParam("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw MeshException.invalid("limit", "must be a whole number from 1 to 1000");
            }
        }
        MessagePage page = core.messages().page(room.id(), ctx.queryParam("cursor"), limit);
        // checking signatures costs as much as the rest of a page: only when asked (the room page's older history)
        boolean check = "true".equals(ctx.queryParam("verify"));
        ctx.json(new PageJson(
                page.messages().stream().map(v -> MessageJson.of(v, check)).toList(), page.next()));
    }

    /** {@code "media": ["<upload id>", …]}: files uploaded to the room beforehand. */
    private static List<UUID> attachments(JsonNode body) {
        JsonNode media = body.get("media");
        if (media == null || media.isNull()) {
            return List.of();
        }
        if (!media.isArray()) {
            throw MeshException.invalid("media", "must be a list of upload ids");
        }
        List<UUID> ids = new ArrayList<>();
        for (JsonNode item : media) {
            if (!item.isTextual()) {
                throw MeshException.invalid("media", "must be a list of upload ids");
            }
            ids.add(id("media", item.asText()));
        }
        return ids;
    }

    private static UUID id(String field, String text) {
        return RoomIds.parse(text).orElseThrow(() -> MeshException.invalid(field, "must be an id (UUID)"));
    }
}
