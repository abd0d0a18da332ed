package dev.meshrooms.core.error;

/**
 * Every failure Mesh reports, with the HTTP status it maps to and a title a person understands.
 * The details of one failure (what, where, what to do) travel in {@link MeshException#getMessage()}.
 */
public enum ErrorCode {
    ROOM_NOT_FOUND(404, "Room not found"),
    MESSAGE_NOT_FOUND(404, "Message not found"),
    MEDIA_NOT_FOUND(404, "Media not found"),
    USER_NOT_FOUND(404, "User not found"),
    NOT_FOUND(404, "Not found"),
    INVALID_INPUT(400, "Invalid input"),
    SLUG_TAKEN(409, "Slug already taken"),
    CONFLICT(409, "Conflict"),
    ROOM_MOVED(503, "Room moved; retry", 1),
    ROOM_BUSY(503, "Room is switching places; retry", 1),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Not allowed"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    TOO_MANY_REQUESTS(429, "Too many requests", 5),
    CANCELLED(409, "Stopped"),
    SIGNATURE_INVALID(422, "Signature does not verify"),
    BUNDLE_INVALID(422, "Room bundle refused"),
    BUNDLE_TOO_NEW(422, "Room bundle needs a newer Mesh"),
    ALREADY_IMPORTED(409, "Room bundle already imported"),
    DATABASE_UNAVAILABLE(503, "Database unavailable", 5),
    DATABASE_BUSY(503, "Database busy", 1),
    STORE_UNAVAILABLE(503, "Object store unavailable", 5),
    CONFIGURATION(500, "Configuration error"),
    INTERNAL(500, "Internal error");

    private final int httpStatus;
    private final String title;
    private final int retryAfterSeconds;

    ErrorCode(int httpStatus, String title) {
        this(httpStatus, title, 0);
    }

    ErrorCode(int httpStatus, String title, int retryAfterSeconds) {
        this.httpStatus = httpStatus;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
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
