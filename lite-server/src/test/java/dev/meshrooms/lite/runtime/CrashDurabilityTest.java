package dev.meshrooms.lite.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Durability as a user gets it: writers send signed messages to a server process; the server and its PostgreSQL are
 * both killed with SIGKILL mid-way (a crash: nothing is flushed on the way out, the database recovers from its log at
 * the next start). Every message that was acknowledged must be there afterwards, once.
 */
@DisplayName("A crash of the server and its database mid-write")
class CrashDurabilityTest {
    private static final int WRITERS = 8;

    @Test
    @DisplayName(
            "kill -9 of both under a write load: every acknowledged message is there after the restart, none twice")
    void acknowledgedMessagesSurvive() throws Exception {
        Path dir = TestServers.newDataDir();
        Process child = Cli.inChildJvm("serve", "--demo", "--port", "0", "--data-dir", dir.toString())
                .start();
        String base = null;
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && base == null) {
                if (line.startsWith("Mesh-Lite is running at ")) {
                    base = line.substring("Mesh-Lite is running at ".length()).replace("localhost", "127.0.0.1");
                }
            }
            assertThat(base).as("the child server started").isNotNull();
            Thread drain = new Thread(() -> {
                try {
                    while (lines.readLine() != null) {
                        // keep the child's output flowing
                    }
                } catch (java.io.IOException ignored) {
                    // the child is gone
                }
            });
            drain.setDaemon(true);
            drain.start();

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean running = new AtomicBoolean(true);
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            List<Thread> writers = new ArrayList<>();
            String url = base;
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread t = new Thread(
                        () -> {
                            for (int n = 0; running.get(); n++) {
                                String body = "crash-" + writer + "-" + n;
                                try {
                                    HttpResponse<String> r = client.send(
                                            HttpRequest.newBuilder(URI.create(url + "/api/sendMessage"))
                                                    .header("x-room-id", "demo")
                                                    .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                                                    .header("Content-Type", "application/json")
                                                    .timeout(Duration.ofSeconds(10))
                                                    .POST(HttpRequest.BodyPublishers.ofString(
                                                            "{\"body\":\"" + body + "\"}"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString());
                                    if (r.statusCode() == 201) {
                                        acknowledged.add(body);
                                    }
                                } catch (Exception gone) {
                                    return; // the server died under this request: it was never acknowledged
                                }
                            }
                        },
                        "crash-writer-" + w);
                t.start();
                writers.add(t);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 300) {
                assertThat(System.nanoTime()).as("the writers got under way").isLessThan(deadline);
                Thread.sleep(20);
            }
            long postmaster =
                    Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid"))
                            .get(0)
                            .trim());
            // the crash: the database (postmaster and every backend) and the server at once, nothing flushed on the way
            // out
            ProcessHandle.of(postmaster).ifPresent(pm -> {
                List<ProcessHandle> backends = pm.descendants().toList();
                pm.destroyForcibly();
                backends.forEach(ProcessHandle::destroyForcibly);
            });
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            running.set(false);
            for (Thread t : writers) {
                t.join(20_000);
            }

            try (LiteServer restarted = TestServers.start(dir, Map.of(), false)) {
                Http http = new Http(restarted.baseUrl());
                List<String> stored = new ArrayList<>();
                String cursor = null;
                do {
                    JsonNode page = http.get(
                                    "/api/fetchMessages?roomId=demo&limit=1000"
                                            + (cursor == null ? "" : "&cursor=" + cursor),
                                    null)
                            .json();
                    page.at("/messages").forEach(m -> {
                        if (m.at("/body").asText().startsWith("crash-")) {
                            stored.add(m.at("/body").asText());
                        }
                    });
                    cursor = page.at("/next").isNull() ? null : page.at("/next").asText();
                } while (cursor != null);
                Set<String> distinct = new HashSet<>(stored);
                assertThat(stored).as("no message stored twice").hasSameSizeAs(distinct);
                Set<String> lost = new HashSet<>(acknowledged);
                lost.removeAll(distinct);
                assertThat(lost)
                        .as("acknowledged (201) but gone after the crash")
                        .isEmpty();
                System.out.printf(
                        "crash under load: %d acknowledged, %d stored (%d committed but not acknowledged)%n",
                        acknowledged.size(), distinct.size(), distinct.size() - acknowledged.size());
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
