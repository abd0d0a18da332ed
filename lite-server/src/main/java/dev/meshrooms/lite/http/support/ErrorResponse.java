package dev.meshrooms.lite.http.support;

/** The JSON body of every error: {@code {title, status, type, details}}. */
public record ErrorResponse(String title, int status, String type, String details) {
}
