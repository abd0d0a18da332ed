package dev.meshrooms.desktop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.LiteServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A second, real Mesh-Lite served in the test's JVM: the cloud rooms are pushed to. Its admin makes import tokens. */
public final class CloudServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "cloud-admin-token-0123456789-abcdefghij";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LiteServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    public CloudServer() {
        this(Map.of());
    }

    /** A cloud with more of its settings ({@link Environment} names), e.g. a free tier it holds rooms to. */
    public CloudServer(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put(Environment.ADMIN_TOKEN, ADMIN_TOKEN);
        server = LiteServer.start(LiteSettings.from(all, TempDirs.create("mesh-desktop-cloud"), 0), false);
    }

    /** The cloud's usage sampler runs once, as its recurring job does, at {@code at}. */
    public void sampleUsage(Instant at) {
        server.runtime().core().usageSampler().sampleAll(at);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A new import token, made by the cloud's admin over HTTP as a person would. */
    public String importToken() {
        HttpResponse<String> made = send(HttpRequest.newBuilder(URI.create(url() + "/api/tokens"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"import\",\"expiresIn\":\"P7D\"}")));
        if (made.statusCode() != 201) {
            throw new AssertionError("the cloud made no import token: " + made.statusCode() + " " + made.body());
        }
        return json(made.body()).get("token").asText();
    }

    /** The slugs of the cloud's rooms, as its admin lists them ({@code GET /api/rooms}). */
    public List<String> roomSlugs() {
        HttpResponse<String> rooms = send(HttpRequest.newBuilder(URI.create(url() + "/api/rooms"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .GET());
        if (rooms.statusCode() != 200) {
            throw new AssertionError("GET /api/rooms: " + rooms.statusCode() + " " + rooms.body());
        }
        JsonNode body = json(rooms.body());
        JsonNode list = body.isArray() ? body : body.path("rooms");
        List<String> slugs = new ArrayList<>();
        list.forEach(room -> slugs.add(room.path("slug").asText()));
        return slugs;
    }

    /** The status of a GET of {@code url} (a page on this or another server). */
    public static int status(String url) {
        try {
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
