package dev.meshrooms.lite.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The room client's API as a hostile or careless caller meets it: invites, sessions and their CSRF rules, edits and
 * deletes by the wrong person, uploads over the limit, and resuming the event stream by change number.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Invites, sessions, edits, deletes, uploads and the event stream over HTTP")
class LiveRoomApiTest {
    private static final int MAX_UPLOAD = 50_000;
    private LiteServer server;
    private Http http;
    private String base;
    private String roomId;

    @BeforeAll
    void start() {
        server = TestServers.start(
                TestServers.newDataDir(), Map.of(Environment.MAX_UPLOAD_BYTES, Integer.toString(MAX_UPLOAD)), false);
        base = server.baseUrl();
        http = new Http(base);
        roomId = http.post(
                        "/api/room",
                        TestServers.ADMIN_TOKEN,
                        Http.json(Map.of("slug", "yard", "name", "The Yard", "visibility", "private")))
                .json()
                .get("id")
                .asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("an invite is refused cross-site, used once, and refused when revoked; the session cookie is strict")
    void invites() {
        JsonNode invite = createInvite(Map.of("role", "member", "maxUses", 1));
        String code = code(invite);

        Http.Response page = http.send(http.request("/join/" + code).GET());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("The Yard");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

        Http.Response forged = join(code, "https://evil.example", "mallory");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(uses(invite)).as("a refused join uses nothing").isZero();

        Http.Response joined = join(code, base, "gina");
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        String cookie = joined.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("mesh_session=mesh_s_").contains("HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(join(code, base, "hank").status()).as("used up").isEqualTo(401);

        JsonNode second = createInvite(Map.of("role", "member"));
        Http.Response revoked = http.send(
                http.request("/api/room/yard/invites/" + second.get("id").asText())
                        .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                        .DELETE());
        assertThat(revoked.status()).isEqualTo(200);
        Http.Response refused = http.send(http.request("/join/" + code(second)).GET());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("revoked, expired or used up");
        assertThat(join(code(second), base, "ivan").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a session writes only with its CSRF token from this site; signed out or a foreign page: refused")
    void sessions() throws Exception {
        Session s = newSession("jules");
        assertThat(s.send("no token", null, "same-origin").status()).isEqualTo(403);
        assertThat(s.send("cross-site", s.csrf(), "cross-site").status()).isEqualTo(403);
        Http.Response ok = s.send("from the page", s.csrf(), "same-origin");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        Session other = newSession("kim");
        assertThat(s.send("another session's token", other.csrf(), "same-origin")
                        .status())
                .isEqualTo(403);

        Http.Response code = s.post("/api/login-codes", "{}");
        assertThat(code.status()).isEqualTo(201);
        String url = code.json().get("url").asText();
        assertThat(url).startsWith(base + "/login/mesh_l_");
        String loginPath = "/api/login/" + url.substring(url.lastIndexOf('/') + 1);
        Http.Response login = http.send(http.request(loginPath)
                .header("Content-Type", "application/json")
                .header("Origin", base)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(login.status()).isEqualTo(200);
        Session phone = new Session(cookieOf(login), s.csrfFor(cookieOf(login)));
        assertThat(phone.send("from my phone", phone.csrf(), "same-origin").status())
                .isEqualTo(201);
        assertThat(http.send(http.request(loginPath)
                                .header("Content-Type", "application/json")
                                .header("Origin", base)
                                .POST(HttpRequest.BodyPublishers.ofString("{}")))
                        .status())
                .as("a sign-in code works once")
                .isEqualTo(401);

        Session expiring = newSession("lou");
        assertThat(expiring.send("still fresh", expiring.csrf(), "same-origin").status())
                .isEqualTo(201);
        try (var c = server.runtime().core().internals().pools().global().getConnection();
                var st = c.prepareStatement("UPDATE mesh.sessions SET expires_at = now() - interval '1 second'"
                        + " WHERE user_id = (SELECT id FROM mesh.users WHERE handle = 'lou')")) {
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        // the change reaches the server's session cache with the commit's notification, a moment later
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Http.Response expired = expiring.get("/api/sessions");
        while (expired.status() != 401 && System.nanoTime() < until) {
            Thread.sleep(20);
            expired = expiring.get("/api/sessions");
        }
        assertThat(expired.status()).as("an expired session").isEqualTo(401);
        assertThat(expiring.send("after it expired", expiring.csrf(), "same-origin")
                        .status())
                .isEqualTo(401);

        JsonNode sessions = s.get("/api/sessions").json().get("sessions");
        assertThat(sessions).hasSize(2);
        assertThat(s.post("/api/signout/everywhere", "{}").status()).isEqualTo(200);
        Http.Response ended = phone.send("after signing out", phone.csrf(), "same-origin");
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.json().get("details").asText()).contains("sign in again");
        assertThat(http.send(http.request("/room/yard")
                                .header("Cookie", s.cookie())
                                .GET())
                        .status())
                .as("the private room's page after signing out")
                .isEqualTo(401);
    }

    @Test
    @DisplayName("only the author edits; the author or a room admin deletes; a deleted message's file is gone")
    void editsAndDeletes() throws Exception {
        String lena = http.newMember("yard", "lena");
        String mo = http.newMember("yard", "mo");
        Http.Response upload = upload(lena, "note.html", "text/html", "<script>alert(1)</script>".getBytes());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        JsonNode message = send(
                lena,
                Map.of(
                        "body",
                        "see the note",
                        "media",
                        List.of(upload.json().get("id").asText())));
        String id = message.get("id").asText();
        String mediaUrl = message.at("/media/0/url").asText();

        Http.Response served = http.send(
                http.request(mediaUrl).header("Authorization", "Bearer " + mo).GET());
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment");
        assertThat(served.headers().firstValue("Content-Type").orElse("")).doesNotContain("html");

        assertThat(patch(mo, id, "mo was here").status()).isEqualTo(403);
        assertThat(delete(mo, id).status()).isEqualTo(403);
        Http.Response edited = patch(lena, id, "see the note (edited)");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().get("verified").asBoolean()).isTrue();
        assertThat(edited.json().get("editedAt").isNull()).isFalse();

        Http.Response deleted = delete(TestServers.ADMIN_TOKEN, id);
        assertThat(deleted.status())
                .as("the room's admin deletes another's message")
                .isEqualTo(200);
        assertThat(deleted.json().get("deletedAt").isNull()).isFalse();
        assertThat(deleted.json().get("body").asText()).isEmpty();
        assertThat(deleted.json().get("signature").isNull()).isTrue();
        assertThat(http.send(http.request(mediaUrl)
                                .header("Authorization", "Bearer " + mo)
                                .GET())
                        .status())
                .isEqualTo(404);
        assertThat(delete(lena, id).status()).as("deleted already").isEqualTo(404);
    }

    @Test
    @DisplayName("an upload over MESH_MAX_UPLOAD_BYTES, of another room, or by a visitor is refused and stores nothing")
    void uploadLimits() {
        String nina = http.newMember("yard", "nina");
        Http.Response big = upload(nina, "big.bin", "application/octet-stream", new byte[MAX_UPLOAD + 1]);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().get("details").asText()).contains("MESH_MAX_UPLOAD_BYTES");
        assertThat(upload(null, "a.bin", "application/octet-stream", new byte[10])
                        .status())
                .isEqualTo(401);
        Http.Response badName = upload(nina, "../../etc/passwd", "text/plain", new byte[10]);
        assertThat(badName.status()).isEqualTo(400);
        JsonNode other = http.post(
                        "/api/room",
                        TestServers.ADMIN_TOKEN,
                        Http.json(Map.of("slug", "shed", "name", "Shed", "visibility", "public")))
                .json();
        String id = upload(nina, "x.bin", "application/octet-stream", new byte[10])
                .json()
                .get("id")
                .asText();
        Http.Response elsewhere = http.send(http.request("/api/sendMessage")
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .header("x-room-id", other.get("id").asText())
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("body", "stolen", "media", List.of(id))))));
        assertThat(elsewhere.status()).as("an upload of another room").isEqualTo(400);
    }

    @Test
    @DisplayName("the event stream resumes after Last-Event-ID (or ?after=) with exactly the changes after it")
    void resume() throws Exception {
        String olga = http.newMember("yard", "olga");
        for (int i = 0; i < 3; i++) {
            send(olga, Map.of("body", "resume " + i));
        }
        // the room numbers its changes as readers come: learn the three messages' numbers from the stream
        List<Long> seqs = new ArrayList<>();
        for (String[] e : events(olga, "?after=0", Map.of(), 1000)) {
            if (e[2] != null && e[2].contains("\"body\":\"resume ")) {
                seqs.add(Long.parseLong(e[1]));
            }
            if (seqs.size() == 3) {
                break;
            }
        }
        assertThat(seqs).hasSize(3).isSorted();
        List<String[]> byHeader = events(olga, "", Map.of("Last-Event-ID", Long.toString(seqs.get(0))), 2);
        assertThat(byHeader).extracting(e -> e[1]).containsExactly(seqs.get(1) + "", seqs.get(2) + "");
        assertThat(byHeader).extracting(e -> e[0]).containsOnly("message");
        List<String[]> byQuery = events(olga, "?after=" + seqs.get(1), Map.of(), 1);
        assertThat(byQuery).extracting(e -> e[1]).containsExactly(seqs.get(2) + "");
        List<String[]> ahead = events(olga, "?after=" + (seqs.get(2) + 1000), Map.of(), 1);
        assertThat(ahead.get(0)[0])
                .as("a client ahead of this copy of the room reloads")
                .isEqualTo("reset");
        Http.Response anonymous = http.send(http.request("/api/room/" + roomId + "/events")
                .header("Accept", "text/event-stream")
                .GET());
        assertThat(anonymous.status()).as("a private room's stream").isEqualTo(401);
    }

    // --- helpers ---

    /** A browser session: its cookie and the CSRF token its pages carry. */
    private final class Session {
        private final String cookie;
        private final String csrf;

        Session(String cookie, String csrf) {
            this.cookie = cookie;
            this.csrf = csrf;
        }

        String cookie() {
            return cookie;
        }

        String csrf() {
            return csrf;
        }

        String csrfFor(String otherCookie) {
            return LiveRoomApiTest.this.csrfFor(otherCookie);
        }

        Http.Response send(String body, String token, String site) {
            return sessionSend(this, body, token, site);
        }

        Http.Response post(String path, String json) {
            return http.send(http.request(path)
                    .header("Cookie", cookie)
                    .header("Content-Type", "application/json")
                    .header("Sec-Fetch-Site", "same-origin")
                    .header("X-CSRF-Token", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        Http.Response get(String path) {
            return http.send(http.request(path).header("Cookie", cookie).GET());
        }
    }

    private Session newSession(String handle) {
        Http.Response joined = join(code(createInvite(Map.of("role", "member"))), base, handle);
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        String cookie = cookieOf(joined);
        return new Session(cookie, csrfFor(cookie));
    }

    private String csrfFor(String cookie) {
        String page = http.send(
                        http.request("/room/yard").header("Cookie", cookie).GET())
                .body();
        int at = page.indexOf("data-csrf=\"") + "data-csrf=\"".length();
        return page.substring(at, page.indexOf('"', at));
    }

    private static String cookieOf(Http.Response r) {
        String header = r.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    private Http.Response sessionSend(Session s, String body, String csrf, String site) {
        HttpRequest.Builder request = http.request("/api/sendMessage")
                .header("Cookie", s.cookie())
                .header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", site)
                .header("x-room-id", roomId)
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("body", body))));
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return http.send(request);
    }

    private JsonNode createInvite(Map<String, Object> spec) {
        Http.Response r = http.post("/api/room/yard/invites", TestServers.ADMIN_TOKEN, Http.json(spec));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static String code(JsonNode invite) {
        String url = invite.get("url").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private int uses(JsonNode invite) {
        for (JsonNode i : http.get("/api/room/yard/invites", TestServers.ADMIN_TOKEN)
                .json()
                .get("invites")) {
            if (i.get("id").asText().equals(invite.get("id").asText())) {
                return i.get("uses").asInt();
            }
        }
        throw new AssertionError("invite not listed");
    }

    private Http.Response join(String code, String origin, String handle) {
        return http.send(http.request("/api/join/" + code)
                .header("Content-Type", "application/json")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(
                        Http.json(Map.of("displayName", handle.toUpperCase(), "handle", handle)))));
    }

    private JsonNode send(String token, Map<String, Object> body) {
        Http.Response r = http.send(http.request("/api/sendMessage")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("x-room-id", roomId)
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(body))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private Http.Response patch(String token, String id, String body) {
        return http.send(http.request("/api/room/yard/messages/" + id)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Http.json(Map.of("body", body)))));
    }

    private Http.Response delete(String token, String id) {
        return http.send(http.request("/api/room/yard/messages/" + id)
                .header("Authorization", "Bearer " + token)
                .DELETE());
    }

    private Http.Response upload(String token, String name, String type, byte[] bytes) {
        HttpRequest.Builder request = http.request(
                        "/api/room/yard/media?name=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request);
    }

    /** A line, or null when the stream stays silent for 3 s (everything there was has come). */
    private static String readLine(BufferedReader in) throws java.io.IOException {
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!in.ready()) {
            if (System.nanoTime() > until) {
                return null;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return in.readLine();
    }

    /** The first {@code count} events of the room's stream (fewer if none come for 3 s): {name, id, data}. */
    private List<String[]> events(String token, String query, Map<String, String> headers, int count) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base + "/api/room/" + roomId + "/events" + query))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        HttpResponse<InputStream> response =
                HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String[]> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            String data = null;
            String line;
            while (events.size() < count && (line = readLine(in)) != null) {
                if (line.isEmpty()) {
                    if (name != null) {
                        events.add(new String[] {name, id, data});
                    }
                    name = null;
                    id = null;
                    data = null;
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                }
            }
        }
        return events;
    }
}
