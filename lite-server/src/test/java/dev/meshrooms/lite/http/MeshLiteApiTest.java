package dev.meshrooms.lite.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Mesh-Lite HTTP API, against a running server on embedded PostgreSQL and S3")
class MeshLiteApiTest {
    private static final String ADMIN = TestServers.ADMIN_TOKEN;
    private LiteServer server;
    private Http http;

    @BeforeAll
    void start() {
        server = TestServers.start(true);
        http = new Http(server.baseUrl());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private JsonNode createRoom(String slug, String visibility, boolean sharded) {
        var r = http.post(
                "/api/room",
                ADMIN,
                Http.json(Map.of("slug", slug, "name", "Room " + slug, "visibility", visibility, "sharded", sharded)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private Http.Response send(String room, String token, String json) {
        return http.send(http.request("/api/sendMessage")
                .header("x-room-id", room)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    @DisplayName("GET /health reports the database, the store and the durable jobs' scheduler up")
    void health() {
        var r = http.get("/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/status").asText()).isEqualTo("ok");
        assertThat(r.json().at("/checks/database/detail").asText()).startsWith("PostgreSQL 15");
        assertThat(r.json().at("/checks/store/status").asText()).isEqualTo("up");
        assertThat(r.json().at("/checks/scheduler/status").asText()).isEqualTo("up");
        assertThat(r.json().at("/checks/scheduler/detail").asText())
                .as("the recurring jobs (usage sampling, sweeps) wait for their time")
                .matches("\\d+ running, [1-9]\\d* waiting, the next at .+");
    }

    @Nested
    @DisplayName("rooms")
    class Rooms {
        @Test
        @DisplayName(
                "POST /api/room needs the admin token (401 without, 403 with a member's) and returns the camelCase record")
        void create() {
            assertThat(http.post("/api/room", null, "{\"slug\":\"x1\",\"name\":\"X\"}")
                            .status())
                    .isEqualTo(401);
            String memberToken = http.post("/api/users", ADMIN, "{\"handle\":\"eve\"}")
                    .json()
                    .at("/token")
                    .asText();
            var forbidden = http.post("/api/room", memberToken, "{\"slug\":\"x1\",\"name\":\"X\"}");
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.json().at("/title").asText()).isEqualTo("Not allowed");

            JsonNode room = createRoom("garden", "public", false);
            assertThat(room.at("/slug").asText()).isEqualTo("garden");
            assertThat(room.has("isSharded")).isTrue();
            assertThat(room.at("/isSharded").asBoolean()).isFalse();
            assertThat(room.at("/messageCount").asLong()).isZero();
            assertThat(room.toString()).doesNotContainIgnoringCase("password");

            var again = http.post("/api/room", ADMIN, "{\"slug\":\"garden\",\"name\":\"Again\"}");
            assertThat(again.status()).isEqualTo(409);
            var bad = http.post("/api/room", ADMIN, "{\"slug\":\"Bad Slug!\",\"name\":\"X\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().at("/details").asText()).startsWith("slug:");
        }

        @Test
        @DisplayName("GET /api/room/<id or slug> returns the record with its sharding fields; unknown → 404")
        void get() {
            JsonNode created = createRoom("shard-me", "public", true);
            var bySlug = http.get("/api/room/shard-me", ADMIN).json();
            var byId =
                    http.get("/api/room/" + created.at("/id").asText(), ADMIN).json();
            assertThat(byId).isEqualTo(bySlug);
            assertThat(bySlug.at("/isSharded").asBoolean()).isTrue();
            assertThat(bySlug.at("/shardSchema").asText())
                    .isEqualTo(RoomIds.shardSchema(
                            UUID.fromString(created.at("/id").asText())));
            var missing = http.get("/api/room/no-such-room", ADMIN);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().at("/type").asText()).isEqualTo("room-not-found");
            assertThat(missing.json().at("/details").asText()).contains("no-such-room");
        }
    }

    @Nested
    @DisplayName("messages")
    class Messages {
        @Test
        @DisplayName("sendMessage and fetchMessages work alike for a sharded and an unsharded room, rows where routed")
        void shardedAndUnsharded() throws Exception {
            for (boolean sharded : List.of(false, true)) {
                JsonNode room = createRoom("talk-" + sharded, "public", sharded);
                String id = room.at("/id").asText();
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    var r = send(id, ADMIN, Http.json(Map.of("body", "hello #" + i)));
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                    assertThat(r.json().at("/signature").asText()).isNotEmpty();
                    sent.add(r.json().at("/id").asText());
                }
                var reply = send(id, ADMIN, Http.json(Map.of("body", "a reply", "replyTo", sent.get(0))));
                assertThat(reply.json().at("/replyTo").asText()).isEqualTo(sent.get(0));

                var page1 = http.get("/api/fetchMessages?roomId=" + id + "&limit=4", null)
                        .json();
                assertThat(page1.at("/messages")).hasSize(4);
                assertThat(page1.at("/messages/0/body").asText()).isEqualTo("a reply");
                assertThat(page1.at("/messages/0/author/handle").asText()).isEqualTo("admin");
                var page2 = http.get(
                                "/api/fetchMessages?roomId=" + id + "&limit=4&cursor="
                                        + page1.at("/next").asText(),
                                null)
                        .json();
                assertThat(page2.at("/messages")).hasSize(2);
                assertThat(page2.at("/messages/1/id").asText()).isEqualTo(sent.get(0));
                assertThat(page2.at("/next").isNull()).isTrue();

                String table = sharded ? RoomIds.shardSchema(UUID.fromString(id)) + ".messages" : "mesh.messages";
                assertThat(countRows(table, UUID.fromString(id))).isEqualTo(6);
                String other = sharded ? "mesh.messages" : null;
                if (other != null) {
                    assertThat(countRows(other, UUID.fromString(id))).isZero();
                }
            }
        }

        @Test
        @DisplayName("bad bodies get 400 naming the field: empty, missing, NUL, too long, invalid UTF-8, not JSON")
        void badBodies() {
            String room = createRoom("strict", "public", false).at("/id").asText();
            assertBad(send(room, ADMIN, "{\"body\":\"\"}"), "body");
            assertBad(send(room, ADMIN, "{}"), "body");
            assertBad(send(room, ADMIN, "{\"body\":\"nul\\u0000here\"}"), "NUL");
            assertBad(send(room, ADMIN, Http.json(Map.of("body", "x".repeat(10_001)))), "limit");
            assertBad(send(room, ADMIN, "{\"body\": 42}"), "body: must be a string");
            assertBad(send(room, ADMIN, "{\"body\":\"hi\",\"replyTo\":\"not-a-uuid\"}"), "replyTo");
            assertBad(send(room, ADMIN, "not json"), "JSON");
            byte[] invalidUtf8 = {'{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            var r = http.send(http.request("/api/sendMessage")
                    .header("x-room-id", room)
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(invalidUtf8)));
            assertBad(r, "UTF-8");
            var oversize = http.send(http.request("/api/sendMessage")
                    .header("x-room-id", room)
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) MeshLiteApp.MAX_JSON_BODY + 10])));
            assertThat(oversize.status()).isEqualTo(413);
            assertThat(oversize.json().at("/status").asInt()).isEqualTo(413);
        }

        @Test
        @DisplayName("unknown room → 404, no room id → 400, no token → 401, a non-member → 403")
        void routingAndAuth() {
            String room = createRoom("members-only", "private", false).at("/id").asText();
            assertThat(send(UUID.randomUUID().toString(), ADMIN, "{\"body\":\"x\"}")
                            .status())
                    .isEqualTo(404);
            var noRoom = http.post("/api/sendMessage", ADMIN, "{\"body\":\"x\"}");
            assertThat(noRoom.status()).isEqualTo(400);
            assertThat(noRoom.json().at("/details").asText()).contains("x-room-id");
            var anonymous = http.send(http.request("/api/sendMessage")
                    .header("x-room-id", room)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"x\"}")));
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(http.get("/api/fetchMessages?roomId=" + room, "wrong-token")
                            .status())
                    .isEqualTo(401);

            JsonNode stranger =
                    http.post("/api/users", ADMIN, "{\"handle\":\"stranger\"}").json();
            String strangerToken = stranger.at("/token").asText();
            assertThat(send(room, strangerToken, "{\"body\":\"let me in\"}").status())
                    .isEqualTo(403);
            assertThat(http.get("/api/fetchMessages?roomId=" + room, strangerToken)
                            .status())
                    .isEqualTo(403);
            assertThat(http.get("/api/fetchMessages?roomId=" + room, null).status())
                    .isEqualTo(401);

            var added = http.post(
                    "/api/room/" + room + "/members",
                    ADMIN,
                    Http.json(Map.of("userId", stranger.at("/user/id").asText())));
            assertThat(added.status()).isEqualTo(204);
            assertThat(send(room, strangerToken, "{\"body\":\"thanks for letting me in\"}")
                            .status())
                    .isEqualTo(201);
            var page =
                    http.get("/api/fetchMessages?roomId=" + room, strangerToken).json();
            assertThat(page.at("/messages/0/author/handle").asText()).isEqualTo("stranger");
        }
    }

    @Nested
    @DisplayName("pages, media and metrics")
    class Pages {
        @Test
        @DisplayName("a public room's page is open; a private one needs a member's token, given once as ?token=")
        void roomPages() {
            var demo = http.get("/room/demo", null);
            assertThat(demo.status()).isEqualTo(200);
            assertThat(demo.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                    .isEqualToIgnoringCase("text/html;charset=utf-8");
            assertThat(demo.body()).contains("Riverside Makers").contains("data-testid=\"message\"");
            String policy = demo.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(policy)
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(demo.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(demo.headers().firstValue("Referrer-Policy")).isPresent();
            assertThat(demo.body()).doesNotContain("<script>").doesNotContain("style=\"");

            createRoom("secret-club", "private", false);
            var locked = http.get("/room/secret-club", null);
            assertThat(locked.status()).isEqualTo(401);
            assertThat(locked.body())
                    .startsWith("<!DOCTYPE html>")
                    .contains("secret-club is not public")
                    .contains("?token=");
            // an unknown room looks the same to someone without a token: a private room's existence does not leak
            var unknown = http.get("/room/nope", null);
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(unknown.body()).contains("nope is not public");
            assertThat(http.get("/api/fetchMessages?roomId=nope", null).status())
                    .isEqualTo(401);
            assertThat(http.get("/api/fetchMessages?roomId=secret-club", null).status())
                    .isEqualTo(401);
            assertThat(http.get("/room/nope?token=mesh_unknown", null).status()).isEqualTo(401);
            assertThat(http.get("/room/nope?token=bad%3Btoken%0D%0AX:y", null).status())
                    .isEqualTo(400);
            var badCookie = http.send(http.request("/room/demo").header("Cookie", "mesh_token=a%0D%0AX-Injected:1"));
            assertThat(badCookie.status()).isEqualTo(401);
            assertThat(http.send(http.request("/room/demo").header("Cookie", "mesh_token=\"a;b\""))
                            .status())
                    .isLessThan(500);
            var login = http.get("/room/secret-club?token=" + ADMIN, null);
            assertThat(login.status()).isEqualTo(303);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("mesh_token=").containsIgnoringCase("HttpOnly");
            var withCookie = http.send(http.request("/room/secret-club").header("Cookie", cookie.split(";")[0]));
            assertThat(withCookie.status()).isEqualTo(200);
            assertThat(withCookie.body()).contains("private room");
            assertThat(http.send(http.request("/room/nope").header("Cookie", cookie.split(";")[0]))
                            .status())
                    .isEqualTo(404);
        }

        @Test
        @DisplayName(
                "media links are stable server paths; the embedded store's bytes are served by Mesh-Lite itself, pictures in place")
        void media() throws Exception {
            JsonNode messages = http.get("/api/fetchMessages?roomId=demo&limit=100", null)
                    .json()
                    .at("/messages");
            String url = null;
            for (JsonNode m : messages) {
                if (m.at("/media").size() > 0) {
                    url = m.at("/media/0/url").asText();
                }
            }
            assertThat(url).startsWith("/media/");
            HttpResponse<byte[]> image = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + url))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.body()).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(image.headers().firstValue("Content-Disposition").orElseThrow())
                    .startsWith("inline");
            assertThat(image.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(http.get(url.replace(".png", ".gif"), null).status()).isEqualTo(404);
        }

        @Test
        @DisplayName(
                "a file of a page type (HTML, SVG) or an unknown type downloads, never renders, however it was labelled")
        void activeContentDownloads() throws Exception {
            var core = server.runtime().core();
            var demo = core.rooms().require("demo");
            var message = core.messages().send(demo.id(), core.admin().user().id(), "files", null);
            for (String[] file : List.of(
                    new String[] {"page.html", "text/html"},
                    new String[] {"logo.svg", "image/svg+xml"},
                    new String[] {"run.js", "text/javascript"},
                    new String[] {"thing.bin", "application/x-whatever"})) {
                byte[] bytes =
                        "<script>alert(document.cookie)</script>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                var item = core.media()
                        .attach(
                                demo,
                                message.id(),
                                file[0],
                                file[1],
                                new java.io.ByteArrayInputStream(bytes),
                                bytes.length);
                var r = http.get(item.url(), null);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).as(file[1]).hasValue("application/octet-stream");
                assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
                        .startsWith("attachment");
                assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                        .contains("sandbox");
            }
        }

        @Test
        @DisplayName("GET /metrics is Prometheus text with request timings and pool gauges")
        void metrics() {
            http.get("/health", null);
            var r = http.get("/metrics", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body())
                    .contains("http_server_requests_seconds_count")
                    .contains("route=\"/health\"")
                    .contains("mesh_db_pools_opened")
                    .contains("jvm_memory_used_bytes");
        }

        @Test
        @DisplayName("GET /api/room/<ref>/verify checks every signature of the demo room")
        void verify() {
            JsonNode report = http.get("/api/room/demo/verify", null).json();
            assertThat(report.at("/checked").asLong()).isGreaterThanOrEqualTo(20);
            assertThat(report.at("/valid").asLong())
                    .isEqualTo(report.at("/checked").asLong());
        }
    }

    private void assertBad(Http.Response r, String mentions) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().at("/title").asText()).isEqualTo("Invalid input");
        assertThat(r.json().at("/details").asText()).contains(mentions);
    }

    private long countRows(String table, UUID roomId) throws Exception {
        try (Connection c = server.runtime().core().internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE room_id = ?")) {
            st.setObject(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
