package dev.meshrooms.lite.http.upload;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The tus endpoint under {@code /api/uploads}: {@code POST} makes an upload (after the token's bounds are checked and
 * recorded), {@code HEAD} says its offset, {@code PATCH} appends, {@code DELETE} removes it, {@code OPTIONS} names the
 * protocol's version and extensions. tus-java-server speaks the protocol; an upload belongs to the token that made
 * it, and another token is answered 404.
 */
public final class UploadController {
    private final MeshCore core;
    private final RequestAuth auth;
    private final BundleSpool spool;

    public UploadController(MeshCore core, RequestAuth auth, BundleSpool spool) {
        this.core = core;
        this.auth = auth;
        this.spool = spool;
    }

    public void create(Context ctx) {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        long length = uploadLength(ctx);
        core.bundleUploads().reserve(who, length, spool.freeBytes(), () -> {
            process(ctx, who);
            String location = ctx.res().getHeader("Location");
            if (ctx.res().getStatus() != 201 || location == null) {
                // tus-java-server answered the request itself (a protocol error); nothing was made to record
                throw new Answered();
            }
            return location.substring(location.lastIndexOf('/') + 1);
        });
    }

    public void offset(Context ctx) {
        process(ctx, core.access().checkImporter(auth.principal(ctx)));
    }

    public void append(Context ctx) {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        process(ctx, who);
        String id = ctx.pathParam("id");
        if (ctx.res().getStatus() == 204) {
            core.bundleUploads().touch(id);
        }
    }

    public void terminate(Context ctx) {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        process(ctx, who);
        if (ctx.res().getStatus() == 204) {
            core.bundleUploads().forget(ctx.pathParam("id"));
        }
    }

    public void options(Context ctx) {
        process(ctx, core.access().checkImporter(auth.principal(ctx)));
    }

    /** Thrown out of the reservation when tus-java-server has answered already: the reservation rolls back. */
    public static final class Answered extends RuntimeException {
        Answered() {
            super("answered by the upload protocol", null, false, false);
        }
    }

    private void process(Context ctx, Principal who) {
        try {
            spool.tus().process(ctx.req(), ctx.res(), who.owner());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long uploadLength(Context ctx) {
        String header = ctx.header("Upload-Length");
        if (header == null) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "Upload-Length: required: this server takes uploads whose length is known when they start"
                            + " (the bundle's size in bytes)");
        }
        try {
            long length = Long.parseLong(header.strip());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw MeshException.invalid("Upload-Length", "is not a length in bytes: " + header);
        }
    }
}
