package dev.meshrooms.lite.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.BulkMessages;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The server's resources stay bounded whatever clients send")
class ServerResourcesTest {
    private LiteServer server;
    private Http http;
    private URI base;

    @BeforeAll
    void start() {
        server = TestServers.start(true);
        http = new Http(server.baseUrl());
        base = URI.create(server.baseUrl().replace("localhost", "127.0.0.1"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @DisplayName(
            "10,000 requests with random methods and paths add no metrics series: /metrics stays within a fixed size")
    void metricsStayBounded() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String[] paths = {
            "/health",
            "/api/room/%s",
            "/api/room/%s/verify",
            "/room/%s",
            "/media/%s/x.png",
            "/%s",
            "/static/%s",
            "/api/fetchMessages?roomId=%s"
        };
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
        // every kind of answer once, so their series exist before the size is taken
        send(client, new Random(1), paths, methods, 300);
        int before = http.get("/metrics", null).body().length();
        send(client, new Random(2), paths, methods, 10_000);
        String after = http.get("/metrics", null).body();
        assertThat(after.length() - before)
                .as("growth of /metrics after 10,000 random requests")
                .isLessThan(8_000);
        assertThat(after).doesNotContain("method=\"X").doesNotContain("route=\"/x");
        var odd = client.send(
                HttpRequest.newBuilder(base.resolve("/health"))
                        .method("BREW", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(odd.statusCode()).isEqualTo(501);
    }

    private void send(HttpClient client, Random random, String[] paths, String[] methods, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long start = random.nextLong();
            done.add(threads.submit(() -> {
                Random r = new Random(start);
                for (int i = 0; i < count / 4; i++) {
                    String method = r.nextInt(4) == 0
                            ? "X" + Long.toString(r.nextLong() & 0xffffff, 36).toUpperCase()
                            : methods[r.nextInt(methods.length)];
                    String path = String.format(
                            paths[r.nextInt(paths.length)], "x" + Long.toString(r.nextLong() & 0xffffffffL, 36));
                    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build();
                    try {
                        client.send(request, HttpResponse.BodyHandlers.discarding());
                    } catch (java.io.IOException e) {
                        // a method the server does not know may be answered by closing the connection, and another
                        // thread's request may have been sent on that pooled connection just then (the client
                        // retries no POST by itself): such a request is sent once more on a new connection. What
                        // counts here is what /metrics keeps
                        if (!method.startsWith("X")) {
                            try {
                                client.send(request, HttpResponse.BodyHandlers.discarding());
                            } catch (java.io.IOException again) {
                                again.addSuppressed(e);
                                throw new IllegalStateException(method + " " + path, again);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(method + " " + path, e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        threads.shutdown();
    }

    @Test
    @DisplayName(
            "slow uploads by one member neither stall /health nor another member's reads; past 8 at once they get 429")
    void slowUploadsStayContained() throws Exception {
        String slow = member("slowpoke");
        String other = member("reader");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket(base.getHost(), base.getPort());
                s.setSoTimeout(5_000);
                s.getOutputStream()
                        .write(("POST /api/sendMessage HTTP/1.1\r\nHost: " + base.getAuthority()
                                        + "\r\nAuthorization: Bearer " + slow
                                        + "\r\nx-room-id: demo\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"bo")
                                .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                sockets.add(s);
            }
            Thread.sleep(500);
            int refused = 0;
            for (Socket s : sockets) {
                if (s.getInputStream().available() > 0) {
                    String answer = new String(
                            s.getInputStream().readNBytes(s.getInputStream().available()), StandardCharsets.US_ASCII);
                    assertThat(answer).startsWith("HTTP/1.1 429").contains("Retry-After: 1");
                    refused++;
                }
            }
            assertThat(refused)
                    .as("uploads refused at once of 40 by one member")
                    .isEqualTo(40 - 8);
            for (int i = 0; i < 10; i++) {
                long t = System.nanoTime();
                assertThat(http.get("/health", null).status()).isEqualTo(200);
                assertThat(http.get("/api/fetchMessages?roomId=demo", other).status())
                        .isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - t).toMillis()).isLessThan(1_000);
                for (Socket s : sockets) {
                    if (!s.isClosed()) {
                        try {
                            s.getOutputStream().write('d');
                            s.getOutputStream().flush();
                        } catch (java.io.IOException gone) {
                            s.close();
                        }
                    }
                }
                Thread.sleep(100);
            }
            // the 8 admitted ones trickle at ~10 bytes/s: under the minimum rate, they end with 408
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int cutOff = 0;
            for (Socket s : sockets) {
                if (s.isClosed()) {
                    continue;
                }
                StringBuilder answer = new StringBuilder();
                while (System.nanoTime() < deadline && answer.indexOf("\r\n") < 0) {
                    try {
                        s.getOutputStream().write('d');
                        s.getOutputStream().flush();
                    } catch (java.io.IOException closed) {
                        // the server ended it; its answer may still be readable
                    }
                    Thread.sleep(100);
                    int available = s.getInputStream().available();
                    if (available > 0) {
                        answer.append(new String(s.getInputStream().readNBytes(available), StandardCharsets.US_ASCII));
                    }
                }
                if (answer.toString().startsWith("HTTP/1.1 408")) {
                    cutOff++;
                }
            }
            assertThat(cutOff).as("slow uploads cut off with 408").isEqualTo(8);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    @DisplayName(
            "verify: anonymous only for small rooms, one check per caller at a time, and a check stops when its caller leaves")
    void verifyIsBounded() throws Exception {
        MeshCore core = server.runtime().core();
        Room big = core.roomService()
                .create(
                        new NewRoom("big-room", "Big room", Visibility.PUBLIC),
                        core.admin().user().id());
        Message one = core.messages().send(big.id(), core.admin().user().id(), "the one signed message", null);
        BulkMessages.copies(core, big, one, 20_000, 0);
        var anonymous = http.get("/api/room/big-room/verify", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().at("/details").asText()).contains("needs a member's token");
        assertThat(http.get("/api/room/demo/verify", null).status()).isEqualTo(200);

        // a caller that leaves: its check stops after the next keep-alive write fails
        long stoppedBefore = core.verifications().stopped();
        long left;
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.getOutputStream()
                    .write(("GET /api/room/big-room/verify HTTP/1.1\r\nHost: " + base.getAuthority()
                                    + "\r\nAuthorization: Bearer " + TestServers.ADMIN_TOKEN + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(500);
            assertThat(core.verifications().running()).isEqualTo(1);
            // the same caller asking again while its check runs
            assertThat(http.get("/api/room/big-room/verify", TestServers.ADMIN_TOKEN)
                            .status())
                    .isEqualTo(429);
            left = System.nanoTime();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (core.verifications().running() > 0) {
            assertThat(System.nanoTime())
                    .as("the check went on after its caller left")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        long stoppedAfter = Duration.ofNanos(System.nanoTime() - left).toMillis();
        assertThat(core.verifications().stopped())
                .as("checks stopped because their caller left")
                .isEqualTo(stoppedBefore + 1);

        System.out.printf("verify of 20,001 messages stopped %d ms after its caller left%n", stoppedAfter);
        assertThat(stoppedAfter).isLessThan(4_000);
        // a check waited for: the report of every message
        JsonNode report = http.get("/api/room/demo/verify", null).json();
        assertThat(report.at("/checked").asLong())
                .isEqualTo(report.at("/valid").asLong())
                .isGreaterThanOrEqualTo(24);
    }

    private String member(String handle) {
        return http.newMember("demo", handle);
    }
}
