package dev.meshrooms.lite.http.media;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.media.MediaDelivery;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code GET /media/{roomId}/<key>}: a stable link to a media object. With an external store it redirects to a fresh
 * presigned URL; with the embedded store (on this machine's loopback, out of other machines' reach) it serves the
 * bytes itself. Either way only passive types are shown in place; everything else downloads (see
 * {@code core.media.InlineTypes}), with {@code nosniff} and a sandboxing policy where Mesh serves the bytes.
 */
public final class MediaController {
    private final MeshCore core;
    private final RequestAuth auth;

    public MediaController(MeshCore core, RequestAuth auth) {
        this.core = core;
        this.auth = auth;
    }

    public void serve(Context ctx) throws Exception {
        Room room = core.access().readable(ctx.pathParam("roomId"), auth.principal(ctx));
        MediaDelivery delivery = core.media().deliver(room, ctx.pathParam("key"));
        ctx.header("Cache-Control", "private, max-age=60");
        if (delivery.redirect() != null) {
            ctx.redirect(delivery.redirect().toString(), HttpStatus.FOUND);
            return;
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        ctx.header("Content-Disposition", delivery.disposition());
        ctx.contentType(delivery.contentType());
        ctx.res().setContentLengthLong(delivery.size());
        try (InputStream in = delivery.content()) {
            if (ctx.method() == io.javalin.http.HandlerType.HEAD) {
                return;
            }
            OutputStream out = ctx.res().getOutputStream();
            in.transferTo(out);
            out.flush();
        }
    }
}
