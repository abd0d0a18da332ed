package dev.meshrooms.lite.http.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessagePage;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.lite.http.support.JsonBodies;
import dev.meshrooms.lite.http.support.RequestAuth;
import dev.meshrooms.lite.http.support.RoomRef;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code POST /api/sendMessage} and {@code GET /api/fetchMessages}, routed by {@code x-room-id} / {@code roomId}. */
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
        UUID replyTo = replyText == null
                ? null
                : RoomIds.parse(replyText)
                        .orElseThrow(() -> MeshException.invalid("replyTo", "must be a message id (UUID)"));
        Message message =
                core.messages().send(room.id(), principal.orElseThrow().userId(), text, replyTo);
        var author = core.users().findById(message.authorId()).orElse(null);
        ctx.status(HttpStatus.CREATED).json(MessageJson.of(new MessageView(message, author, List.of())));
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
        ctx.json(new PageJson(page.messages().stream().map(MessageJson::of).toList(), page.next()));
    }
}
