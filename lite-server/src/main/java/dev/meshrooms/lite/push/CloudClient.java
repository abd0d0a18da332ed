package dev.meshrooms.lite.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The calls a push makes to a cloud besides the upload itself: who the token is, starting the import of an upload,
 * and following it. Every failure becomes a sentence naming the cloud, what it said, and what to do.
 */
final class CloudClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final URI cloud;
    private final String token;
    private final HttpClient http;

    CloudClient(URI cloud, String token) {
        this.cloud = cloud;
        this.token = token;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    }

    /** {@code https://host[:port]} without a trailing slash: the form URLs and the spool name the cloud by. */
    static URI normalise(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw MeshException.invalid("--to", "is not a URL: " + url + " (e.g. https://mesh.example.org)");
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                || uri.getHost() == null) {
            throw MeshException.invalid(
                    "--to", "is not an http(s) URL of a Mesh server: " + url + " (e.g. https://mesh.example.org)");
        }
        if (uri.getScheme().equals("http") && !loopback(uri.getHost()) && !allowHttp()) {
            throw MeshException.invalid(
                    "--to",
                    url + " is plain http: the token and the whole room would cross the network readable by anyone"
                            + " on the way. Use the server's https address (or set " + ALLOW_HTTP
                            + "=true to send them in clear anyway)");
        }
        return uri;
    }

    /** Lets {@code mesh-lite push} send to a plain-http address that is not this machine. */
    static final String ALLOW_HTTP = dev.meshrooms.lite.config.Environment.PUSH_ALLOW_HTTP;

    private static boolean loopback(String host) {
        return host.equals("localhost")
                || host.equals("127.0.0.1")
                || host.startsWith("127.")
                || host.equals("[::1]")
                || host.equals("::1");
    }

    private static boolean allowHttp() {
        return "true".equalsIgnoreCase(System.getenv(ALLOW_HTTP));
    }

    URI cloud() {
        return cloud;
    }

    String token() {
        return token;
    }

    URI resolve(String path) {
        return URI.create(cloud + path);
    }

    /** Starts the import of a finished upload: the job's id. */
    String startImport(String uploadId, PushOptions options) {
        StringBuilder query = new StringBuilder("?upload=").append(uploadId);
        if (options.asNew()) {
            query.append("&asNew=true");
        }
        if (options.sharded() != null) {
            query.append("&sharded=").append(options.sharded());
        }
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(resolve("/api/importRoom" + query)).POST(HttpRequest.BodyPublishers.noBody()));
        return read(response, 202, "starting the import").get("jobId").asText();
    }

    /** The import job's status now. */
    JsonNode status(String jobId) {
        return read(
                send(HttpRequest.newBuilder(resolve("/api/imports/" + jobId)).GET()), 200, "reading the import");
    }

    /**
     * Follows the import job's event stream, handing each status on, until it ends (or the connection drops: then
     * returns, and the caller asks for the status).
     */
    void follow(String jobId, Consumer<JsonNode> onStatus) {
        HttpRequest request = authorised(HttpRequest.newBuilder(resolve("/api/imports/" + jobId + "/status"))
                        .header("Accept", "text/event-stream")
                        .GET())
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                try (InputStream body = response.body()) {
                    String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                    throw refused(response.statusCode(), text, "following the import");
                }
            }
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            onStatus.accept(JSON.readTree(data.toString()));
                            data.setLength(0);
                        }
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            }
        } catch (IOException e) {
            // the stream dropped: the caller reads the status and follows again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.CANCELLED, "stopped while following the import on " + cloud, e);
        }
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token).timeout(TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(authorised(request).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(cloud, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.CANCELLED, "stopped while talking to " + cloud, e);
        }
    }

    private JsonNode read(HttpResponse<String> response, int expected, String doing) {
        if (response.statusCode() != expected) {
            throw refused(response.statusCode(), response.body(), doing);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    cloud + " answered " + doing + " with something that is not Mesh's JSON; is --to a Mesh server?");
        }
    }

    /** A refusal by the cloud, as a sentence: its status, its own words, and what to do. */
    MeshException refused(int status, String body, String doing) {
        String details = details(body);
        String where = cloud + " refused " + doing + " (" + status + "): " + details;
        return switch (status) {
            case 401 ->
                new MeshException(
                        ErrorCode.UNAUTHENTICATED,
                        where + " — the token is not valid there (revoked, expired, or of another server); ask its"
                                + " admin for an import token (POST /api/tokens {\"scope\":\"import\"}).");
            case 403 ->
                new MeshException(
                        ErrorCode.FORBIDDEN,
                        where + " — this token may not import rooms; ask the cloud's admin for an import token.");
            case 404 -> new MeshException(ErrorCode.NOT_FOUND, where);
            case 409 ->
                new MeshException(
                        details.contains("imported already") ? ErrorCode.ALREADY_IMPORTED : ErrorCode.CONFLICT,
                        where + (details.contains("imported already") ? " Push with --as-new for a second copy." : ""));
            case 413 -> new MeshException(ErrorCode.PAYLOAD_TOO_LARGE, where);
            case 429 -> new MeshException(ErrorCode.TOO_MANY_REQUESTS, where);
            default ->
                status >= 500
                        ? new MeshException(ErrorCode.SERVER_BUSY, where + " — try again later.")
                        : new MeshException(ErrorCode.INVALID_INPUT, where);
        };
    }

    /** The server's own words: {@code details} of Mesh's error JSON, else the start of the body. */
    static String details(String body) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode error = JSON.readTree(text);
            if (error != null && error.hasNonNull("details")) {
                return error.get("details").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // plain text
        }
        if (text.isEmpty()) {
            return "no details";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** The cloud could not be reached: DNS, refused connection, TLS, time-out, each said so. */
    static MeshException unreachable(URI cloud, IOException e) {
        return unreachable(cloud, e, "the address in --to");
    }

    /** The same, naming where the address was given ({@code address}: "the address in --to"). */
    static MeshException unreachable(URI cloud, IOException e, String address) {
        if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            return new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "the cloud's host " + cloud.getHost() + " is not known (DNS); check " + address,
                    e);
        }
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            return new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "the TLS connection to " + cloud + " failed (" + e.getMessage() + "): its certificate is not"
                            + " trusted by this Java, or it does not speak HTTPS there; check " + address,
                    e);
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return new MeshException(
                    ErrorCode.SERVER_BUSY,
                    "nothing answers at " + cloud + " (connection refused); check " + address + " and that"
                            + " the server runs",
                    e);
        }
        if (e instanceof HttpTimeoutException) {
            return new MeshException(ErrorCode.SERVER_BUSY, cloud + " did not answer in time; try again", e);
        }
        return new MeshException(
                ErrorCode.SERVER_BUSY, "the connection to " + cloud + " failed (" + e + "); try again", e);
    }
}
