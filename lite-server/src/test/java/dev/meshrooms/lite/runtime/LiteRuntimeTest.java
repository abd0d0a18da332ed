package dev.meshrooms.lite.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.lite.cli.MeshLiteMain;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Mesh-Lite runtime on a data directory")
class LiteRuntimeTest {

    @Test
    @DisplayName("keeps rooms, messages, media and the admin token across restarts; the token is printed only once")
    void restartKeepsData() throws Exception {
        Path dir = TestServers.newDataDir();
        String token;
        String mediaUrl;
        try (LiteServer first = LiteServer.start(LiteSettings.from(Map.of(), dir, 0), true)) {
            token = first.newAdminToken().orElseThrow();
            JsonNode page = new Http(first.baseUrl())
                    .get("/api/fetchMessages?roomId=demo&limit=100", null)
                    .json();
            mediaUrl = firstMediaUrl(page);
        }
        try (LiteServer second = LiteServer.start(LiteSettings.from(Map.of(), dir, 0), true)) {
            assertThat(second.newAdminToken()).isEmpty();
            Http http = new Http(second.baseUrl());
            JsonNode room = http.get("/api/room/demo", token).json();
            assertThat(room.at("/messageCount").asLong()).isEqualTo(24);
            assertThat(http.get("/api/rooms", token).json()).hasSize(1);
            assertThat(http.get(mediaUrl, null).status()).isEqualTo(200);
            assertThat(second.runtime()
                            .core()
                            .messages()
                            .verify(java.util.UUID.fromString(room.at("/id").asText()))
                            .allValid())
                    .isTrue();
        }
    }

    @Test
    @DisplayName("a CLI command on the same data directory attaches to the running server's services")
    void cliAttaches() throws Exception {
        Path dir = TestServers.newDataDir();
        try (LiteServer server = TestServers.start(dir, Map.of(), true)) {
            StringWriter out = new StringWriter();
            var cli = MeshLiteMain.commandLine();
            cli.setOut(new PrintWriter(out));
            int exit = cli.execute("rooms", "--json", "--data-dir", dir.toString());
            assertThat(exit).isZero();
            JsonNode rooms = new ObjectMapper().readTree(out.toString());
            assertThat(rooms).hasSize(1);
            assertThat(rooms.get(0).get("slug").asText()).isEqualTo("demo");
            assertThat(rooms.get(0).get("messageCount").asLong()).isEqualTo(24);
            assertThat(rooms.get(0).has("isSharded")).isTrue();

            StringWriter verifyOut = new StringWriter();
            var verify = MeshLiteMain.commandLine();
            verify.setOut(new PrintWriter(verifyOut));
            assertThat(verify.execute("verify", "--room", "demo", "--data-dir", dir.toString()))
                    .isZero();
            assertThat(verifyOut.toString()).contains("24 of 24 message signatures verify");
            assertThat(new Http(server.baseUrl()).get("/health", null).status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName(
            "after kill -9 of the server, the next start stops the orphaned postgres and finds all data; close stops postgres")
    void orphanAfterKill() throws Exception {
        Path dir = TestServers.newDataDir();
        Process child = Cli.inChildJvm("serve", "--demo", "--port", "0", "--data-dir", dir.toString())
                .start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            boolean running = false;
            while ((line = lines.readLine()) != null) {
                if (line.contains("Press Ctrl+C to stop")) {
                    running = true;
                    break;
                }
            }
            assertThat(running).as("child server started").isTrue();
        }
        long postgresPid =
                Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid"))
                        .get(0)
                        .trim());
        ProcessHandle orphan = ProcessHandle.of(postgresPid).orElseThrow();

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(orphan.isAlive())
                .as("postgres outlives a kill -9 of its JVM")
                .isTrue();

        ProcessHandle fresh;
        try (LiteRuntime runtime = LiteRuntime.start(LiteSettings.from(Map.of(), dir, 0))) {
            assertThat(orphan.isAlive()).as("the orphan was stopped").isFalse();
            var demo = runtime.core().rooms().findBySlug("demo").orElseThrow();
            assertThat(runtime.core().internals().stores().forRoom(demo.id()).countMessages())
                    .isEqualTo(24);
            long freshPid =
                    Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid"))
                            .get(0)
                            .trim());
            fresh = ProcessHandle.of(freshPid).orElseThrow();
        }
        fresh.onExit().get(20, TimeUnit.SECONDS);
        assertThat(fresh.isAlive()).as("closing the runtime stops its postgres").isFalse();
    }

    private static String firstMediaUrl(JsonNode page) {
        for (JsonNode m : page.at("/messages")) {
            if (m.at("/media").size() > 0) {
                return m.at("/media/0/url").asText();
            }
        }
        throw new AssertionError("no media in " + page);
    }
}
