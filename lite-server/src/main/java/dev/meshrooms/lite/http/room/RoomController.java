package dev.meshrooms.lite.http.room;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.lite.http.support.JsonBodies;
import dev.meshrooms.lite.http.support.RequestAuth;
import dev.meshrooms.lite.json.RoomJson;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** {@code POST /api/room}, {@code GET /api/room/{ref}}, {@code GET /api/rooms}. */
public final class RoomController {
    private final MeshCore core;
    private final RequestAuth auth;
    private final JsonBodies bodies;

    public RoomController(MeshCore core, RequestAuth auth, JsonBodies bodies) {
        this.core = core;
        this.auth = auth;
        this.bodies = bodies;
    }

    public void create(Context ctx) {
        Principal admin = core.access().checkInstanceAdmin(auth.principal(ctx));
        JsonNode body = bodies.object(ctx);
        NewRoom spec = new NewRoom(
                JsonBodies.string(body, "slug"),
                JsonBodies.string(body, "name"),
                Visibility.parse(JsonBodies.string(body, "visibility")));
        boolean sharded = body.path("sharded").asBoolean(false);
        Room room = sharded
                ? core.shardedRooms().create(spec, admin.userId(), null)
                : core.roomService().create(spec, admin.userId());
        ctx.status(HttpStatus.CREATED).json(RoomJson.of(core.roomService().summary(room)));
    }

    public void get(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        ctx.json(RoomJson.of(core.roomService().summary(room)));
    }

    /** {@code PATCH /api/room/{ref} {"topic": "…"}}: a room admin sets the topic shown under the room's name. */
    public void describe(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        JsonNode body = bodies.object(ctx);
        if (!body.has("topic")) {
            throw dev.meshrooms.core.error.MeshException.invalid("topic", "missing; send {\"topic\": \"…\"}");
        }
        Room described = core.roomService().describe(room, JsonBodies.string(body, "topic"));
        ctx.json(RoomJson.of(core.roomService().summary(described)));
    }

    public void list(Context ctx) {
        core.access().checkInstanceAdmin(auth.principal(ctx));
        ctx.json(core.rooms().list().stream()
                .map(r -> RoomJson.of(core.roomService().summary(r)))
                .toList());
    }
}
