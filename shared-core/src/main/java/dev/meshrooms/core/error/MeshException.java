package dev.meshrooms.core.error;

/**
 * The one unchecked exception of Mesh. Its message is a sentence for a person: what failed, where, what to do.
 */
public class MeshException extends RuntimeException {
    private final ErrorCode code;

    public MeshException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public MeshException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static MeshException invalid(String field, String problem) {
        return new MeshException(ErrorCode.INVALID_INPUT, field + ": " + problem);
    }

    public static MeshException roomNotFound(String ref) {
        return new MeshException(
                ErrorCode.ROOM_NOT_FOUND,
                "No room '" + ref + "' exists on this instance; check the id or slug (`rooms` lists them).");
    }
}
