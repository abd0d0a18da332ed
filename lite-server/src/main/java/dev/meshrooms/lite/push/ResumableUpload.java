package dev.meshrooms.lite.push;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * The client side of tus 1.0 (creation, core) on the JDK's HTTP client: create an upload, ask for its offset, send a
 * file from an offset in one {@code PATCH} of known length. tus-java-client sends its bytes through
 * {@code HttpURLConnection} in small chunked-encoding pieces at a third of the rate {@code curl -T} reaches against the
 * same server (measured: 95 MB/s against 285 MB/s on loopback); this sends the rest of the file as one body of known
 * length, as {@code curl} does. A dropped connection fails the request; the server keeps what it received, and the next
 * {@link #send} starts from the offset it reports.
 */
final class ResumableUpload {
    static final String TUS_VERSION = "1.0.0";
    /** How long a request without a body waits for its answer. */
    private static final Duration ANSWER = Duration.ofSeconds(60);

    private final HttpClient http;
    private final String token;

    /** A refusal: the status and the body the server answered with. */
    static final class Refused extends IOException {
        final int status;
        final String body;

        Refused(int status, String body) {
            super("answered " + status);
            this.status = status;
            this.body = body;
        }
    }

    ResumableUpload(String token) {
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15))
                .build();
    }

    /** {@code POST} to the creation URL: the new upload's URL. */
    URI create(URI creation, long length, Map<String, String> metadata) throws IOException, InterruptedException {
        String encoded = metadata.entrySet().stream()
                .map(e -> e.getKey() + " "
                        + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
        HttpResponse<String> response = http.send(
                request(creation)
                        .timeout(ANSWER)
                        .header("Upload-Length", Long.toString(length))
                        .header("Upload-Metadata", encoded)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() != 201 || location == null) {
            throw new Refused(response.statusCode(), response.body());
        }
        return creation.resolve(location);
    }

    /** {@code HEAD}: the bytes the server has; empty when the upload is gone (404, 410) or another token's. */
    OptionalLong offset(URI upload) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(
                request(upload)
                        .timeout(ANSWER)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404 || response.statusCode() == 410 || response.statusCode() == 403) {
            return OptionalLong.empty();
        }
        if (response.statusCode() != 200 && response.statusCode() != 204) {
            throw new Refused(response.statusCode(), "");
        }
        return OptionalLong.of(Long.parseLong(response.headers()
                .firstValue("Upload-Offset")
                .orElseThrow(() -> new IOException("the answer to HEAD " + upload + " has no Upload-Offset"))));
    }

    /**
     * {@code PATCH}: the file from {@code from} to its end, {@code sent} told of every piece handed to the connection;
     * the server's new offset. Ends with an {@link InterruptedIOException} as soon as {@code stop} says so (the
     * connection closes; the server keeps what it received).
     */
    long send(URI upload, Path file, long from, long length, LongConsumer sent, BooleanSupplier stop)
            throws IOException, InterruptedException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(from);
            InputStream body = new Watched(
                    BoundedInputStream.builder()
                            .setInputStream(Channels.newInputStream(channel))
                            .setMaxCount(length - from)
                            .get(),
                    sent,
                    stop);
            HttpRequest request = request(upload)
                    .header("Upload-Offset", Long.toString(from))
                    .header("Content-Type", "application/offset+octet-stream")
                    .expectContinue(true)
                    .method(
                            "PATCH",
                            HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(() -> body), length - from))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new Refused(response.statusCode(), response.body());
            }
            return Long.parseLong(response.headers()
                    .firstValue("Upload-Offset")
                    .orElseThrow(() -> new IOException("the answer to PATCH " + upload + " has no Upload-Offset")));
        }
    }

    /** {@code DELETE}: the server removes the upload (termination). */
    void terminate(URI upload) throws IOException, InterruptedException {
        http.send(request(upload).timeout(ANSWER).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private HttpRequest.Builder request(URI uri) {
        // no time limit on the request as a whole: a PATCH lasts as long as its bytes take
        return HttpRequest.newBuilder(uri)
                .header("Tus-Resumable", TUS_VERSION)
                .header("Authorization", "Bearer " + token);
    }

    /** Tells of every piece read, and stops the body when asked. */
    private static final class Watched extends FilterInputStream {
        private final LongConsumer sent;
        private final BooleanSupplier stop;

        Watched(InputStream in, LongConsumer sent, BooleanSupplier stop) {
            super(in);
            this.sent = sent;
            this.stop = stop;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (stop.getAsBoolean()) {
                throw new InterruptedIOException("the push was stopped");
            }
            int n = super.read(b, off, len);
            if (n > 0) {
                sent.accept(n);
            }
            return n;
        }
    }
}
