package dev.meshrooms.lite.http.media;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.media.MediaDelivery;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.lite.http.message.MessageJson;
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
    private final long maxUploadBytes;

    /** @param maxUploadBytes the largest file a member may upload (MESH_MAX_UPLOAD_BYTES) */
    public MediaController(MeshCore core, RequestAuth auth, long maxUploadBytes) {
        this.core = core;
        this.auth = auth;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * {@code POST /api/room/{ref}/media?name=<file name>}: the file is the raw body (its {@code Content-Type} and
     * {@code Content-Length} given), streamed into the room's bucket and hashed on the way. The answer names the upload;
     * {@code POST /api/sendMessage} with {@code "media": [id]} attaches it to a message.
     */
    public void upload(Context ctx) throws Exception {
        Room room = core.access().writable(ctx.pathParam("ref"), auth.principal(ctx));
        long size = ctx.req().getContentLengthLong();
        if (size < 0) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT, "Content-Length: send the file's length (uploads are not chunked).");
        }
        if (size == 0) {
            throw MeshException.invalid("body", "is empty; send the file's bytes");
        }
        if (size > maxUploadBytes) {
            throw new MeshException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "This file has " + ByteSizes.human(size) + "; files up to " + ByteSizes.human(maxUploadBytes)
                            + " can be attached here (MESH_MAX_UPLOAD_BYTES).");
        }
        String type = ctx.contentType() == null
                ? null
                : ctx.contentType().split(";")[0].strip();
        try (InputStream body = ctx.req().getInputStream()) {
            MediaItem item = core.media().upload(room, ctx.queryParam("name"), type, body, size);
            ctx.status(HttpStatus.CREATED).json(MessageJson.MediaJson.of(item));
        }
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
