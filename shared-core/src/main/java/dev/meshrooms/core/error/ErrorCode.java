package dev.meshrooms.core.error;

/**
 * Every failure Mesh reports, with the HTTP status and the CLI exit code it maps to and a title a person understands.
 * The details of one failure (what, where, what to do) travel in {@link MeshException#getMessage()}.
 */
public enum ErrorCode {
    ROOM_NOT_FOUND(404, Exit.BAD_INPUT, "Room not found"),
    MESSAGE_NOT_FOUND(404, Exit.BAD_INPUT, "Message not found"),
    MEDIA_NOT_FOUND(404, Exit.BAD_INPUT, "Media not found"),
    USER_NOT_FOUND(404, Exit.BAD_INPUT, "User not found"),
    NOT_FOUND(404, Exit.BAD_INPUT, "Not found"),
    INVALID_INPUT(400, Exit.BAD_INPUT, "Invalid input"),
    SLUG_TAKEN(409, Exit.BAD_INPUT, "Slug already taken"),
    CONFLICT(409, Exit.BAD_INPUT, "Conflict"),
    ROOM_MOVED(503, Exit.TRY_AGAIN, "Room moved; retry", 1),
    ROOM_BUSY(503, Exit.TRY_AGAIN, "Room is switching places; retry", 1),
    UNAUTHENTICATED(401, Exit.BAD_INPUT, "Authentication required"),
    FORBIDDEN(403, Exit.BAD_INPUT, "Not allowed"),
    PAYLOAD_TOO_LARGE(413, Exit.BAD_INPUT, "Payload too large"),
    OVER_LIMIT(402, Exit.BAD_INPUT, "Room over its free tier"),
    TOO_MANY_REQUESTS(429, Exit.TRY_AGAIN, "Too many requests", 5),
    CANCELLED(409, Exit.CANCELLED, "Stopped"),
    SIGNATURE_INVALID(422, Exit.SIGNATURES, "Signature does not verify"),
    BUNDLE_INVALID(422, Exit.REFUSED, "Room bundle refused"),
    BUNDLE_TOO_NEW(422, Exit.REFUSED, "Room bundle needs a newer Mesh"),
    ALREADY_IMPORTED(409, Exit.REFUSED, "Room bundle already imported"),
    DATABASE_UNAVAILABLE(503, Exit.TRY_AGAIN, "Database unavailable", 5),
    DATABASE_BUSY(503, Exit.TRY_AGAIN, "Database busy", 1),
    SERVER_BUSY(503, Exit.TRY_AGAIN, "Server busy", 1),
    STORE_UNAVAILABLE(503, Exit.TRY_AGAIN, "Object store unavailable", 5),
    BILLING_OFF(409, Exit.BAD_INPUT, "Billing is off"),
    BILLING_REFUSED(502, Exit.BAD_INPUT, "Billing provider refused the request"),
    BILLING_UNAVAILABLE(503, Exit.TRY_AGAIN, "Billing provider unavailable", 5),
    CONFIGURATION(500, Exit.BAD_INPUT, "Configuration error"),
    INTERNAL(500, Exit.UNEXPECTED, "Internal error");

    /**
     * The command line's exit codes, one per kind of outcome a script can act on (documented in docs/mesh-lite.md).
     * Usage errors (an unknown option) exit {@link #BAD_INPUT} as well.
     */
    public static final class Exit {
        public static final int OK = 0;
        /** A failure nobody expected; the message and the log have the details. */
        public static final int UNEXPECTED = 1;
        /** Bad input or configuration: a file, entry, setting, option or id the message names. */
        public static final int BAD_INPUT = 2;
        /** Some message signatures do not verify. */
        public static final int SIGNATURES = 3;
        /** A room bundle is refused (damaged, too new, already imported). */
        public static final int REFUSED = 4;
        /** A service is unavailable or busy: the same command may succeed later. */
        public static final int TRY_AGAIN = 75;
        /** Stopped on request (Ctrl+C or Cancel); nothing was left half-made. */
        public static final int CANCELLED = 130;

        private Exit() {}
    }

    private final int httpStatus;
    private final int exitCode;
    private final String title;
    private final int retryAfterSeconds;

    ErrorCode(int httpStatus, int exitCode, String title) {
        this(httpStatus, exitCode, title, 0);
    }

    ErrorCode(int httpStatus, int exitCode, String title, int retryAfterSeconds) {
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The command line's exit code for this failure (see {@link Exit}). */
    public int exitCode() {
        return exitCode;
    }

    /** Seconds after which the same request may succeed (a transient condition), or 0: retrying will not help. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }

    /** A stable, URL-friendly name for the {@code type} field of error responses. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
