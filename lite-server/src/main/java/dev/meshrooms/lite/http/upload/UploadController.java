package dev.meshrooms.lite.http.upload;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.upload.UploadedBundles;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The tus endpoint under {@code /api/uploads}: {@code POST} makes an upload (after the token's bounds are checked and
 * recorded), {@code HEAD} says its offset, {@code PATCH} appends, {@code DELETE} removes it, {@code OPTIONS} names the
 * protocol's version and extensions. tus-java-server speaks the protocol; an upload belongs to the token that made
 * it, and another token is answered 404. What each route does is the route's: {@code X-HTTP-Method-Override} (tus
 * lets clients without PATCH send {@code POST} with it) is taken on {@code POST /api/uploads/<id>}, as PATCH, and
 * refused everywhere else; a PATCH never writes past the length the upload announced.
 */
public final class UploadController {
    static final String OVERRIDE = "X-HTTP-Method-Override";
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
        noOverride(ctx);
        long length = uploadLength(ctx);
        core.bundleUploads().reserve(who, length, spool.freeBytes(), () -> {
            process(ctx, ctx.req(), who);
            String location = ctx.res().getHeader("Location");
            if (ctx.res().getStatus() != 201 || location == null) {
                // tus-java-server answered the request itself (a protocol error); nothing was made to record
                throw new Answered();
            }
            return location.substring(location.lastIndexOf('/') + 1);
        });
    }

    public void offset(Context ctx) {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        noOverride(ctx);
        uploadId(ctx);
        process(ctx, ctx.req(), who);
        answerLocked(ctx);
    }

    /** {@code PATCH}, or {@code POST} with {@code X-HTTP-Method-Override: PATCH}. */
    public void append(Context ctx) {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        String override = ctx.header(OVERRIDE);
        // Javalin routes a POST with the header to the method it names: the request line says what was sent
        boolean viaPost = "POST".equalsIgnoreCase(ctx.req().getMethod());
        if (viaPost ? !"PATCH".equalsIgnoreCase(override == null ? "" : override.strip()) : override != null) {
            throw MeshException.invalid(OVERRIDE, "is taken on POST /api/uploads/<id> only, as PATCH");
        }
        String id = uploadId(ctx);
        UploadedBundles.Upload upload = spool.find(id, who.owner())
                .orElseThrow(() -> new MeshException(
                        ErrorCode.NOT_FOUND, "upload " + id + " does not exist for this token (finished or expired)"));
        long room = upload.length() - upload.received();
        long announced = ctx.req().getContentLengthLong();
        if (announced > room) {
            throw new MeshException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "upload " + id + " announced " + upload.length() + " bytes and has " + upload.received()
                            + "; this PATCH would add " + announced + ": send at most " + room);
        }
        // a body without a length (chunked) is cut where the announced length ends
        process(ctx, new BoundedBody(ctx.req(), room), who);
        answerLocked(ctx);
        if (ctx.res().getStatus() == 204) {
            core.bundleUploads().touch(id);
        }
    }

    public void terminate(Context ctx) {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        noOverride(ctx);
        String id = uploadId(ctx);
        process(ctx, ctx.req(), who);
        answerLocked(ctx);
        if (ctx.res().getStatus() == 204) {
            core.bundleUploads().forget(id);
        }
    }

    public void options(Context ctx) {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        noOverride(ctx);
        process(ctx, ctx.req(), who);
    }

    /** Thrown out of the reservation when tus-java-server has answered already: the reservation rolls back. */
    public static final class Answered extends RuntimeException {
        Answered() {
            super("answered by the upload protocol", null, false, false);
        }
    }

    private void process(Context ctx, HttpServletRequest request, Principal who) {
        try {
            spool.tus().process(request, ctx.res(), who.owner());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * tus-java-server leaves a request on an upload another request still writes to (a connection cut on the client's
     * side that the server has not noticed yet) unanswered: it becomes 423 with Retry-After, which clients retry.
     */
    private static void answerLocked(Context ctx) {
        if (!ctx.res().isCommitted()
                && ctx.res().getStatus() == 200
                && ctx.res().getHeader("Upload-Offset") == null) {
            ctx.header("Retry-After", "2");
            ctx.status(423)
                    .json(java.util.Map.of(
                            "title",
                            "Upload busy",
                            "status",
                            423,
                            "details",
                            "another request is still writing to this upload (a connection cut a moment ago);"
                                    + " ask for its offset again in a few seconds"));
        }
    }

    private static void noOverride(Context ctx) {
        if (ctx.header(OVERRIDE) != null
                || !ctx.method().name().equalsIgnoreCase(ctx.req().getMethod())) {
            throw MeshException.invalid(OVERRIDE, "is taken on POST /api/uploads/<id> only, as PATCH");
        }
    }

    /** The upload's id as the server made it (a UUID in its canonical form); 404 for anything else. */
    static String uploadId(Context ctx) {
        return canonical(ctx.pathParam("id"));
    }

    static String canonical(String id) {
        try {
            if (id != null && UUID.fromString(id).toString().equals(id)) {
                return id;
            }
        } catch (IllegalArgumentException notAnId) {
            // answered below
        }
        throw new MeshException(ErrorCode.NOT_FOUND, "upload " + id + " does not exist");
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
