package dev.meshrooms.lite.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Usage API: a room's samples for its admins, every room's latest for the instance admin, JSON or CSV")
class UsageApiTest {

    @Test
    @DisplayName("samples read back as JSON and CSV, sorted, bounded, names safe for spreadsheets")
    void usage() throws Exception {
        try (LiteServer server = TestServers.start(false)) {
            Http http = new Http(server.baseUrl());
            String admin = TestServers.ADMIN_TOKEN;
            var made = http.post(
                    "/api/room",
                    admin,
                    Http.json(Map.of("slug", "cafe", "name", "=HYPERLINK(\"x\"), the café", "visibility", "public")));
            assertThat(made.status()).as(made.body()).isEqualTo(201);
            String roomId = made.json().at("/id").asText();
            http.post("/api/room", admin, Http.json(Map.of("slug", "quiet", "name", "Quiet")));
            for (int i = 0; i < 3; i++) {
                var sent = http.send(http.request("/api/sendMessage")
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .header("x-room-id", roomId)
                        .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("body", "hello " + i)))));
                assertThat(sent.status()).as(sent.body()).isEqualTo(201);
            }
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
            server.runtime().core().usageSampler().sampleAll(at);

            var metrics = http.get("/metrics", admin);
            assertThat(metrics.body())
                    .as("each room's figures, labelled with its id, and the sampler's health")
                    .contains("mesh_room_messages{room_id=\"" + roomId + "\"} 3.0")
                    .contains("mesh_room_storage_bytes{room_id=\"" + roomId + "\"}")
                    .contains("mesh_room_shard_hours{room_id=\"" + roomId + "\"} 0.0")
                    .contains("mesh_room_limit_state{room_id=\"" + roomId + "\"} 0.0")
                    .contains("mesh_usage_sampler_rooms 2.0")
                    .contains("mesh_usage_sampler_failed 0.0")
                    .contains("mesh_usage_sampler_last_run_seconds " + (double) at.getEpochSecond());

            // the Grafana dashboard shipped for these asks only for series the server exports
            JsonNode dashboard = Http.parse(java.nio.file.Files.readString(
                    java.nio.file.Path.of("..", "installers", "monitoring", "mesh-rooms-grafana.json")));
            java.util.Set<String> asked = new java.util.TreeSet<>();
            java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\bmesh_[a-z0-9_]+");
            for (String field : java.util.List.of("expr", "query")) {
                for (JsonNode value : dashboard.findValues(field)) {
                    metric.matcher(value.asText()).results().forEach(m -> asked.add(m.group()));
                }
            }
            assertThat(asked).hasSizeGreaterThan(8);
            for (String name : asked) {
                assertThat(metrics.body()).as("the dashboard's %s", name).containsPattern("(?m)^" + name + "[{ ]");
            }

            var room = http.get("/api/room/cafe/usage", admin);
            assertThat(room.status()).as(room.body()).isEqualTo(200);
            JsonNode samples = room.json().get("samples");
            assertThat(samples).hasSize(1);
            assertThat(samples.get(0).get("messages").asLong()).isEqualTo(3);
            assertThat(samples.get(0).get("sampledAt").asText()).isEqualTo(at.toString());
            assertThat(samples.get(0).get("storageBytes").asLong()).isPositive();

            var before = http.get("/api/room/cafe/usage?to=" + at.minusSeconds(1), admin);
            assertThat(before.json().get("samples"))
                    .as("to is exclusive, from defaults to 30 days before")
                    .isEmpty();
            var badFrom = http.get("/api/room/cafe/usage?from=yesterday", admin);
            assertThat(badFrom.status()).isEqualTo(400);
            assertThat(badFrom.json().get("details").asText()).contains("from", "2026-12-01");

            var csv = http.send(http.request("/api/room/cafe/usage")
                    .header("Authorization", "Bearer " + admin)
                    .header("Accept", "text/csv"));
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            String[] rows = csv.body().split("\r\n");
            assertThat(rows).hasSize(2);
            assertThat(rows[0])
                    .isEqualTo(
                            "sampled_at,sharded,storage_bytes,media_bytes,media_objects,db_bytes,messages,shard_hours");
            assertThat(csv.body().split("\r\n")[1]).startsWith(at + ",false,").contains(",3,");

            var all = http.get("/api/usage?sort=messages", admin);
            assertThat(all.status()).as(all.body()).isEqualTo(200);
            assertThat(all.json()).hasSize(2);
            assertThat(all.json().get(0).get("slug").asText())
                    .as("most messages first")
                    .isEqualTo("cafe");
            var byRoom = http.get("/api/usage?sort=room", admin);
            assertThat(byRoom.json().get(0).get("slug").asText()).isEqualTo("cafe");
            assertThat(byRoom.json().get(1).get("slug").asText()).isEqualTo("quiet");
            var badSort = http.get("/api/usage?sort=price", admin);
            assertThat(badSort.status()).isEqualTo(400);
            assertThat(badSort.json().get("details").asText()).contains("storage, media, db, messages");

            var table = http.send(http.request("/api/usage?sort=room")
                    .header("Authorization", "Bearer " + admin)
                    .header("Accept", "text/csv"));
            String[] lines = table.body().split("\r\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[1])
                    .as("a name that starts like a formula is quoted and neutralised")
                    .contains(",cafe,\"'=HYPERLINK(\"\"x\"\"), the café\",");
        }
    }
}
