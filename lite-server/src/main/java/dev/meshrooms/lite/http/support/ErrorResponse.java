package dev.meshrooms.lite.http.support;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;

/** The JSON body of every error: {@code {title, status, type, details}}. */
public record ErrorResponse(String title, int status, String type, String details) {

    /** The body for a failure of the core: its code's title, status and slug, and its own sentence. */
    public static ErrorResponse of(MeshException e) {
        return of(e.code(), e.getMessage());
    }

    public static ErrorResponse of(ErrorCode code, String details) {
        return new ErrorResponse(code.title(), code.httpStatus(), code.slug(), details);
    }
}
