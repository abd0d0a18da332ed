package dev.meshrooms.lite.http.media;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.room.Room;
import dev.meshrooms.core.room.RoomIds;
import dev.meshrooms.lite.http.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** {@code GET /media/{roomId}/<key>}: a stable link that redirects to a fresh presigned URL of the object. */
public final class MediaController {
    private final MeshCore core;
    private final RequestAuth auth;

    public MediaController(MeshCore core, RequestAuth auth) {
        this.core = core;
        this.auth = auth;
    }

    public void redirect(Context ctx) {
        String roomId = ctx.pathParam("roomId");
        Room room = RoomIds.parse(roomId).flatMap(core.rooms()::findById)
                .orElseThrow(() -> MeshException.roomNotFound(roomId));
        core.access().checkRead(room, auth.principal(ctx));
        var url = core.media().presignedUrl(room, ctx.pathParam("key"));
        ctx.header("Cache-Control", "private, max-age=60");
        ctx.redirect(url.toString(), HttpStatus.FOUND);
    }
}
