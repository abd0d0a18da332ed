package dev.meshrooms.lite.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small real HTTP client for tests: requests against a running server, JSON parsed. */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return parse(body);
        }
    }

    public static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    public java.net.http.HttpClient client() {
        return client;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        var request = request(path).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    public Response post(String path, String token, String json) {
        return postBytes(path, token, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Response postBytes(String path, String token, byte[] body) {
        var request = request(path)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    /** A new user, made a member of room {@code roomRef} by the instance admin; returns the user's token. */
    public String newMember(String roomRef, String handle) {
        JsonNode user = post("/api/users", TestServers.ADMIN_TOKEN, json(java.util.Map.of("handle", handle)))
                .json();
        Response added = post(
                "/api/room/" + roomRef + "/members",
                TestServers.ADMIN_TOKEN,
                json(java.util.Map.of("userId", user.at("/user/id").asText())));
        if (added.status() != 204) {
            throw new IllegalStateException(
                    "adding " + handle + " to " + roomRef + ": " + added.status() + " " + added.body());
        }
        return user.at("/token").asText();
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
