package dev.meshrooms.lite.http.move;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.move.MoveStatus;
import dev.meshrooms.lite.http.support.RequestAuth;
import dev.meshrooms.lite.http.support.StatusStream;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/room/{ref}/decentralise}, {@code POST /api/room/{ref}/recentralise} (room admins; 202 with the
 * job id) and {@code GET /api/room/{ref}/decentralise/status}: the room's latest move as Server-Sent Events.
 */
public final class MoveController {
    private final MeshCore core;
    private final RequestAuth auth;
    private final StatusStream stream;

    public MoveController(MeshCore core, RequestAuth auth, ObjectMapper json) {
        this.core = core;
        this.auth = auth;
        this.stream = new StatusStream(json);
    }

    public void decentralise(Context ctx) {
        Room room = managedRoom(ctx);
        accepted(ctx, room, core.moves().decentralise(room));
    }

    public void recentralise(Context ctx) {
        Room room = managedRoom(ctx);
        accepted(ctx, room, core.moves().recentralise(room));
    }

    private static void accepted(Context ctx, Room room, MoveStatus status) {
        ctx.status(HttpStatus.ACCEPTED)
                .json(Map.of(
                        "jobId",
                        status.jobId(),
                        "direction",
                        status.direction(),
                        "statusUrl",
                        "/api/room/" + room.id() + "/decentralise/status"));
    }

    /**
     * The stream starts with the current state (so a late subscriber is up to date at once), sends each change, a
     * heartbeat comment while nothing changes, and ends after the final state.
     */
    public void status(Context ctx) throws Exception {
        Room room = managedRoom(ctx);
        UUID roomId = room.id();
        if (core.moves().status(roomId).isEmpty()) {
            throw new MeshException(
                    ErrorCode.NOT_FOUND, "Room " + room.slug() + " was never decentralised or re-centralised.");
        }
        stream.stream(ctx, () -> core.moves().status(roomId).orElseThrow(), MoveStatus::finished);
    }

    private Room managedRoom(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        return room;
    }
}
