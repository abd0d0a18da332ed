package dev.meshrooms.lite.push;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks a cloud account before it is kept: the cloud answers, the token is valid there and may import rooms
 * ({@code OPTIONS /api/uploads}), and it may do nothing more ({@code GET /api/rooms} is refused with 403 — an import
 * token). A token that can do more (the instance admin's) is refused: a push needs only an import token, and a
 * stolen import token can do nothing but upload rooms. Each failure is a sentence saying which check failed and what
 * to do.
 */
public final class CloudAccountCheck {
    private static final String MAKE_TOKEN =
            "POST /api/tokens {\"scope\":\"import\",\"expiresIn\":\"P7D\"} with the instance admin token";
    private final HttpClient http;
    private final Duration timeout;

    public CloudAccountCheck() {
        this(Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    CloudAccountCheck(Duration connect, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connect).build();
        this.timeout = timeout;
    }

    /** {@code https://host[:port][/path]} without a trailing slash, as pushes name the cloud; a sentence when it is not a URL. */
    public static URI address(String url) {
        String text = url == null ? "" : url.strip();
        if (text.isEmpty()) {
            throw MeshException.invalid(
                    "Cloud address", "type the address of the Mesh server, e.g. https://mesh.example.org");
        }
        if (!text.contains("://")) {
            text = "https://" + text; // what people type: the host name
        }
        try {
            return CloudClient.normalise(text);
        } catch (MeshException e) {
            throw MeshException.invalid(
                    "Cloud address",
                    url.strip() + " is not the http(s) address of a server (e.g. https://mesh.example.org)");
        }
    }

    /**
     * Checks {@code token} at {@code url}; returns the cloud's address as pushes name it. Throws a {@link MeshException}
     * when the cloud does not answer (SERVER_BUSY, or INVALID_INPUT for an unknown host or TLS failure), the token is
     * not valid there (UNAUTHENTICATED), may not import (FORBIDDEN), or may do more than import (FORBIDDEN).
     */
    public URI check(String url, String token) {
        URI cloud = address(url);
        String bearer = token == null ? "" : token.strip();
        if (bearer.isEmpty()) {
            throw MeshException.invalid(
                    "Import token", "paste the import token the cloud's admin made (" + MAKE_TOKEN + ")");
        }
        HttpResponse<String> uploads = send(cloud, "OPTIONS", "/api/uploads", bearer);
        switch (uploads.statusCode()) {
            case 200, 204 -> {
                // reachable, and the token may upload and import
            }
            case 401 ->
                throw new MeshException(
                        ErrorCode.UNAUTHENTICATED,
                        cloud + " does not accept this token (401: " + details(uploads)
                                + "): it is mistyped, revoked, expired, or was made by another server. Ask the cloud's"
                                + " admin for a new import token (" + MAKE_TOKEN + ").");
            case 403 ->
                throw new MeshException(
                        ErrorCode.FORBIDDEN,
                        cloud + " knows this token, but it may not import rooms there (403: " + details(uploads)
                                + "). Ask the cloud's admin for an import token (" + MAKE_TOKEN + ").");
            case 404, 405 ->
                throw new MeshException(
                        ErrorCode.INVALID_INPUT,
                        cloud + " answers, but not as a Mesh server that takes room uploads (" + uploads.statusCode()
                                + " for /api/uploads); check the address, or ask its admin whether it runs Mesh"
                                + " or Mesh-Lite with pushed rooms.");
            default -> throw unexpected(cloud, uploads, "the upload check");
        }
        HttpResponse<String> rooms = send(cloud, "GET", "/api/rooms", bearer);
        if (rooms.statusCode() == 403) {
            return cloud;
        }
        if (rooms.statusCode() == 200) {
            throw new MeshException(
                    ErrorCode.FORBIDDEN,
                    "This token can do more than import rooms on " + cloud + " (it may list the rooms: it is the"
                            + " admin token or a full token), so Mesh-Lite does not keep it. Make an import token for"
                            + " this computer (" + MAKE_TOKEN + ") and paste that one: it can only upload and import"
                            + " rooms.");
        }
        throw unexpected(cloud, rooms, "the token's scope check");
    }

    private HttpResponse<String> send(URI cloud, String method, String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cloud + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token)
                .header("Tus-Resumable", "1.0.0")
                .timeout(timeout)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(cloud, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.CANCELLED, "stopped while checking " + cloud, e);
        } catch (IllegalArgumentException e) {
            throw MeshException.invalid("Import token", "holds characters a token never has; paste it again");
        }
    }

    /** {@link CloudClient#unreachable}'s sentence, about the address typed in the account form. */
    private static MeshException unreachable(URI cloud, IOException e) {
        MeshException why = CloudClient.unreachable(cloud, e, "the cloud's address");
        String sentence = why.getMessage();
        return new MeshException(
                why.code(), Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1) + ".", e);
    }

    private static MeshException unexpected(URI cloud, HttpResponse<String> response, String what) {
        return new MeshException(
                response.statusCode() >= 500 ? ErrorCode.SERVER_BUSY : ErrorCode.INVALID_INPUT,
                cloud + " answered " + what + " with " + response.statusCode() + " (" + details(response)
                        + "); check the address, or try again later.");
    }

    private static String details(HttpResponse<String> response) {
        return CloudClient.details(response.body());
    }
}
