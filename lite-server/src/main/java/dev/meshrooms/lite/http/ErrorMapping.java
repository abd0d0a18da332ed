package dev.meshrooms.lite.http;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.http.page.Pages;
import dev.meshrooms.lite.http.support.ErrorResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders failures as {@link ErrorResponse} JSON (pages: the error page) with a sentence a person understands. */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    private static final ThrottledLog TRANSIENT = new ThrottledLog(LOG, java.time.Duration.ofSeconds(10));

    private final Pages pages;

    ErrorMapping(Pages pages) {
        this.pages = pages;
    }

    void install(RoutesConfig routes) {
        routes.exception(MeshException.class, (e, ctx) -> {
            if (e.code().retryAfterSeconds() > 0) {
                // a transient condition (busy pool, a room switching places): one line, no stack trace per request
                TRANSIENT.warn(
                        e.code().name(),
                        ctx.method() + " " + ctx.path() + ": " + e.getMessage() + " (answered "
                                + e.code().httpStatus() + " with Retry-After)");
                ctx.header("Retry-After", Integer.toString(e.code().retryAfterSeconds()));
            } else if (e.code().httpStatus() >= 500) {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            }
            write(ctx, e.code(), e.getMessage());
        });
        // the upload protocol has answered the request itself (its own status and headers)
        routes.exception(dev.meshrooms.lite.http.upload.UploadController.Answered.class, (e, ctx) -> {});
        routes.exception(
                HttpResponseException.class,
                (e, ctx) -> write(ctx, e.getStatus(), titleFor(e.getStatus()), e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            Throwable slow = cause(e, BodyRate.TooSlow.class);
            if (slow != null) {
                TRANSIENT.warn(
                        "slow body", ctx.method() + " " + ctx.path() + ": " + slow.getMessage() + " (answered 408)");
                write(ctx, 408, "Request timeout", "The request body arrived too slowly (" + slow.getMessage() + ").");
                return;
            }
            Throwable jetty = cause(e, org.eclipse.jetty.http.BadMessageException.class);
            if (jetty instanceof org.eclipse.jetty.http.BadMessageException bad && bad.getCode() < 500) {
                write(ctx, bad.getCode(), titleFor(bad.getCode()), bad.getReason());
                return;
            }
            LOG.error("{} {} failed unexpectedly", ctx.method(), ctx.path(), e);
            write(
                    ctx,
                    ErrorCode.INTERNAL,
                    "Something unexpected went wrong (" + e.getClass().getSimpleName()
                            + "); the server log has the details.");
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, ErrorCode.NOT_FOUND, "Nothing is served at " + ctx.path() + ".");
            }
        });
        routes.error(413, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "request body: larger than this endpoint accepts.");
            }
        });
    }

    void write(Context ctx, ErrorCode code, String details) {
        ErrorResponse body = ErrorResponse.of(code, details);
        write(ctx, body.status(), body.title(), body.details(), body.type());
    }

    private void write(Context ctx, int status, String title, String details) {
        write(ctx, status, title, details, "http-" + status);
    }

    private void write(Context ctx, int status, String title, String details, String type) {
        if (ctx.path().startsWith("/room/") || ctx.path().equals("/rooms")) {
            ctx.status(status);
            pages.render(ctx, "error.jte", java.util.Map.of("status", status, "title", title, "details", details));
            return;
        }
        ctx.status(status).json(new ErrorResponse(title, status, type, details));
    }

    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 408 -> "Request timeout";
            case 413 -> "Payload too large";
            default -> "HTTP " + status;
        };
    }
}
