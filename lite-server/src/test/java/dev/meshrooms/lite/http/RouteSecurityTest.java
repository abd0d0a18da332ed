package dev.meshrooms.lite.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.lite.http.support.RequestAuth;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route × every kind of caller, from one table. The room under test is private, so reading is a right too.
 * A caller the table allows must not get 401, 403 or a server error (what else it gets depends on the request: 202,
 * 409, 422 ...); a caller it does not allow gets exactly 401 (no or a bad token) or 403. A route the server answers
 * that has no row here fails the test: a new route cannot ship without a rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Who may call what: every route against every kind of caller")
class RouteSecurityTest {

    enum Caller {
        NONE,
        BAD_TOKEN,
        MEMBER,
        ROOM_ADMIN,
        OTHER_ROOMS_ADMIN,
        INSTANCE_ADMIN,
        IMPORT_TOKEN,
        CROSS_SITE_COOKIE
    }

    private static final Set<Caller> EVERYONE = EnumSet.allOf(Caller.class);
    private static final Set<Caller> INSTANCE_ADMIN = EnumSet.of(Caller.INSTANCE_ADMIN);
    /** The instance admin, and import tokens (which may do nothing else). */
    private static final Set<Caller> IMPORTERS = EnumSet.of(Caller.INSTANCE_ADMIN, Caller.IMPORT_TOKEN);

    private static final Set<Caller> ROOM_ADMINS = EnumSet.of(Caller.ROOM_ADMIN, Caller.INSTANCE_ADMIN);
    private static final Set<Caller> MEMBERS = EnumSet.of(Caller.MEMBER, Caller.ROOM_ADMIN, Caller.INSTANCE_ADMIN);
    /** Anyone this server knows, whatever their rooms (their own account and sessions). */
    private static final Set<Caller> SIGNED_IN =
            EnumSet.of(Caller.MEMBER, Caller.ROOM_ADMIN, Caller.OTHER_ROOMS_ADMIN, Caller.INSTANCE_ADMIN);

    /** One route: who may call it, and a valid request for it (the path with its parameters filled in, a body). */
    private record Rule(String route, Set<Caller> allowed, Function<RouteSecurityTest, HttpRequest.Builder> request) {}

    private LiteServer server;
    private Http http;
    private String room;
    private String slug = "vault";
    private String mediaUrl;
    private final Map<Caller, String> tokens = new java.util.EnumMap<>(Caller.class);
    private final AtomicInteger unique = new AtomicInteger();

    private final List<Rule> rules = List.of(
            new Rule("GET /", EVERYONE, t -> t.get("/")),
            new Rule("GET /health", EVERYONE, t -> t.get("/health")),
            new Rule("GET /metrics", EVERYONE, t -> t.get("/metrics")),
            new Rule("GET /rooms", EVERYONE, t -> t.get("/rooms")),
            new Rule("GET /room/{slug}", MEMBERS, t -> t.get("/room/" + t.slug)),
            new Rule("GET /room/{slug}/settings", ROOM_ADMINS, t -> t.get("/room/" + t.slug + "/settings")),
            new Rule("GET /admin", INSTANCE_ADMIN, t -> t.get("/admin")),
            new Rule("GET /admin/usage", INSTANCE_ADMIN, t -> t.get("/admin/usage")),
            new Rule("GET /media/{roomId}/<key>", MEMBERS, t -> t.get(t.mediaUrl)),
            new Rule(
                    "POST /api/room",
                    INSTANCE_ADMIN,
                    t -> t.post("/api/room", Map.of("slug", "made-" + t.unique.incrementAndGet(), "name", "Made"))),
            new Rule("GET /api/rooms", INSTANCE_ADMIN, t -> t.get("/api/rooms")),
            new Rule("GET /api/usage", INSTANCE_ADMIN, t -> t.get("/api/usage")),
            new Rule("GET /api/room/{ref}/usage", ROOM_ADMINS, t -> t.get("/api/room/" + t.room + "/usage")),
            new Rule(
                    "POST /api/room/{ref}/billing",
                    ROOM_ADMINS,
                    t -> t.post("/api/room/" + t.room + "/billing", Map.of())),
            // Stripe's deliveries carry no session or token: the Stripe-Signature is checked instead (RoomBillingTest)
            new Rule(
                    "POST /api/billing/webhook",
                    EVERYONE,
                    t -> t.http.request("/api/billing/webhook")
                            .header("Stripe-Signature", "t=1,v1=00")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))),
            new Rule("GET /api/room/{ref}", ROOM_ADMINS, t -> t.get("/api/room/" + t.room)),
            new Rule("GET /api/room/{ref}/verify", MEMBERS, t -> t.get("/api/room/" + t.room + "/verify")),
            new Rule("GET /api/room/{ref}/export", ROOM_ADMINS, t -> t.get("/api/room/" + t.room + "/export")),
            new Rule(
                    "POST /api/importRoom",
                    IMPORTERS,
                    t -> t.http.request("/api/importRoom").POST(HttpRequest.BodyPublishers.ofString("not a bundle"))),
            new Rule(
                    "OPTIONS /api/uploads",
                    IMPORTERS,
                    t -> t.http.request("/api/uploads").method("OPTIONS", HttpRequest.BodyPublishers.noBody())),
            new Rule(
                    "POST /api/uploads",
                    IMPORTERS,
                    t -> t.http.request("/api/uploads")
                            .header("Tus-Resumable", "1.0.0")
                            .header("Upload-Length", "10")
                            .POST(HttpRequest.BodyPublishers.noBody())),
            new Rule("HEAD /api/uploads/{id}", IMPORTERS, t -> t.tus("HEAD", HttpRequest.BodyPublishers.noBody())),
            new Rule(
                    "PATCH /api/uploads/{id}",
                    IMPORTERS,
                    t -> t.tus("PATCH", HttpRequest.BodyPublishers.ofString("0123456789"))),
            new Rule("DELETE /api/uploads/{id}", IMPORTERS, t -> t.tus("DELETE", HttpRequest.BodyPublishers.noBody())),
            new Rule("GET /api/imports/{id}", IMPORTERS, t -> t.get("/api/imports/" + UUID.randomUUID())),
            new Rule(
                    "GET /api/imports/{id}/status",
                    IMPORTERS,
                    t -> t.get("/api/imports/" + UUID.randomUUID() + "/status")),
            new Rule(
                    "POST /api/room/{ref}/members",
                    ROOM_ADMINS,
                    t -> t.post("/api/room/" + t.room + "/members", Map.of("userId", t.memberId))),
            new Rule(
                    "POST /api/room/{ref}/decentralise",
                    ROOM_ADMINS,
                    t -> t.post("/api/room/" + t.room + "/decentralise", Map.of())),
            new Rule(
                    "POST /api/room/{ref}/recentralise",
                    ROOM_ADMINS,
                    t -> t.post("/api/room/" + t.room + "/recentralise", Map.of())),
            new Rule(
                    "GET /api/room/{ref}/decentralise/status",
                    ROOM_ADMINS,
                    t -> t.get("/api/room/" + t.room + "/decentralise/status")),
            new Rule(
                    "GET /api/room/{ref}/recentralise/status",
                    ROOM_ADMINS,
                    t -> t.get("/api/room/" + t.room + "/recentralise/status")),
            new Rule(
                    "POST /api/users",
                    INSTANCE_ADMIN,
                    t -> t.post("/api/users", Map.of("handle", "made" + t.unique.incrementAndGet()))),
            new Rule("POST /api/tokens", INSTANCE_ADMIN, t -> t.post("/api/tokens", Map.of("handle", "member"))),
            new Rule("GET /api/tokens", INSTANCE_ADMIN, t -> t.get("/api/tokens")),
            new Rule(
                    "DELETE /api/tokens/{id}",
                    INSTANCE_ADMIN,
                    t -> t.http.request("/api/tokens/" + t.throwawayToken()).DELETE()),
            new Rule(
                    "POST /api/sendMessage",
                    MEMBERS,
                    t -> t.post("/api/sendMessage?roomId=" + t.room, Map.of("body", "hello"))),
            new Rule("GET /api/fetchMessages", MEMBERS, t -> t.get("/api/fetchMessages?roomId=" + t.room)),
            new Rule(
                    "PATCH /api/room/{ref}/messages/{id}",
                    MEMBERS,
                    t -> t.http.request("/api/room/" + t.room + "/messages/" + UUID.randomUUID())
                            .header("Content-Type", "application/json")
                            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"body\":\"edited\"}"))),
            new Rule(
                    "DELETE /api/room/{ref}/messages/{id}",
                    MEMBERS,
                    t -> t.http.request("/api/room/" + t.room + "/messages/" + UUID.randomUUID())
                            .DELETE()),
            new Rule(
                    "POST /api/room/{ref}/media",
                    MEMBERS,
                    t -> t.http.request("/api/room/" + t.room + "/media?name=dot.png")
                            .header("Content-Type", "image/png")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))),
            new Rule("GET /api/room/{ref}/events", MEMBERS, t -> t.get("/api/room/" + t.room + "/events")),
            new Rule("GET /api/room/{ref}/members", ROOM_ADMINS, t -> t.get("/api/room/" + t.room + "/members")),
            new Rule(
                    "DELETE /api/room/{ref}/members/{userId}",
                    ROOM_ADMINS,
                    t -> t.http.request("/api/room/" + t.room + "/members/" + UUID.randomUUID())
                            .DELETE()),
            new Rule(
                    "PATCH /api/room/{ref}",
                    ROOM_ADMINS,
                    t -> t.http.request("/api/room/" + t.room)
                            .header("Content-Type", "application/json")
                            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"topic\":\"vaults\"}"))),
            new Rule(
                    "POST /api/room/{ref}/invites",
                    ROOM_ADMINS,
                    t -> t.post("/api/room/" + t.room + "/invites", Map.of("role", "member"))),
            new Rule("GET /api/room/{ref}/invites", ROOM_ADMINS, t -> t.get("/api/room/" + t.room + "/invites")),
            new Rule(
                    "DELETE /api/room/{ref}/invites/{id}",
                    ROOM_ADMINS,
                    t -> t.http.request("/api/room/" + t.room + "/invites/" + UUID.randomUUID())
                            .DELETE()),
            // the invite (or sign-in) code is the credential; a page of this site must send it (no login CSRF)
            new Rule("GET /join/{code}", EVERYONE, t -> t.get("/join/" + t.inviteCode())),
            new Rule(
                    "POST /api/join/{code}",
                    EVERYONE,
                    t -> t.post(
                                    "/api/join/" + t.inviteCode(),
                                    Map.of("displayName", "Joiner", "handle", "joiner" + t.unique.incrementAndGet()))
                            .header("Origin", t.server.baseUrl())),
            new Rule("GET /login/{code}", EVERYONE, t -> t.get("/login/mesh_l_whatever-it-is-shown-as-a-button")),
            new Rule(
                    "POST /api/login/{code}",
                    EVERYONE,
                    t -> t.post("/api/login/" + t.loginCode(), Map.of()).header("Origin", t.server.baseUrl())),
            new Rule("GET /account", SIGNED_IN, t -> t.get("/account")),
            new Rule("GET /api/sessions", SIGNED_IN, t -> t.get("/api/sessions")),
            new Rule(
                    "DELETE /api/sessions/{id}",
                    SIGNED_IN,
                    t -> t.http.request("/api/sessions/" + UUID.randomUUID()).DELETE()),
            new Rule("POST /api/signout", SIGNED_IN, t -> t.post("/api/signout", Map.of())),
            new Rule("POST /api/signout/everywhere", SIGNED_IN, t -> t.post("/api/signout/everywhere", Map.of())),
            new Rule("POST /api/login-codes", SIGNED_IN, t -> t.post("/api/login-codes", Map.of())));

    private String memberId;

    @BeforeAll
    void start() {
        server = TestServers.start(false);
        http = new Http(server.baseUrl());
        MeshCore core = server.runtime().core();
        room = http.post(
                        "/api/room",
                        TestServers.ADMIN_TOKEN,
                        Http.json(Map.of("slug", slug, "name", "Vault", "visibility", "private")))
                .json()
                .at("/id")
                .asText();
        String other = http.post(
                        "/api/room",
                        TestServers.ADMIN_TOKEN,
                        Http.json(Map.of("slug", "elsewhere", "name", "Elsewhere", "visibility", "private")))
                .json()
                .at("/id")
                .asText();
        tokens.put(Caller.INSTANCE_ADMIN, TestServers.ADMIN_TOKEN);
        tokens.put(Caller.BAD_TOKEN, "mesh_this-token-was-never-issued");
        tokens.put(
                Caller.IMPORT_TOKEN,
                http.post(
                                "/api/tokens",
                                TestServers.ADMIN_TOKEN,
                                Http.json(Map.of("scope", "import", "expiresIn", "P1D")))
                        .json()
                        .get("token")
                        .asText());
        memberId = user(Caller.MEMBER, "member", room, "member");
        user(Caller.ROOM_ADMIN, "keeper", room, "admin");
        user(Caller.OTHER_ROOMS_ADMIN, "stranger", other, "admin");
        var message = core.messages().send(UUID.fromString(room), UUID.fromString(memberId), "with a file", null);
        MediaItem item = core.media()
                .attach(
                        core.rooms().require(room),
                        message.id(),
                        "note.png",
                        "image/png",
                        new ByteArrayInputStream(new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
                        4);
        mediaUrl = item.url();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("every route the server answers has a rule in the table")
    void everyRouteHasARule() {
        Set<String> ruled = rules.stream().map(Rule::route).collect(Collectors.toSet());
        assertThat(server.routes())
                .allSatisfy(route -> assertThat(ruled).as("a rule for " + route).contains(route));
    }

    @Test
    @DisplayName("every caller gets what the table says: allowed callers are not refused, the others get 401 or 403")
    void table() {
        List<String> wrong = new ArrayList<>();
        for (Rule rule : rules) {
            boolean read = rule.route().startsWith("GET ") || rule.route().startsWith("HEAD ");
            for (Caller caller : Caller.values()) {
                HttpRequest.Builder request = rule.request().apply(this);
                sign(request, caller, read);
                Http.Response r = http.send(request);
                // the admin's cookie sent from another site counts as the admin for reads, and for nothing else
                boolean allowed = caller == Caller.CROSS_SITE_COOKIE
                        ? read && rule.allowed().contains(Caller.INSTANCE_ADMIN)
                        : rule.allowed().contains(caller);
                int denial = caller == Caller.NONE || caller == Caller.BAD_TOKEN ? 401 : 403;
                if (allowed ? r.status() == 401 || r.status() == 403 || r.status() >= 500 : r.status() != denial) {
                    wrong.add(rule.route() + " as " + caller + ": expected " + (allowed ? "to be served" : denial)
                            + ", got " + r.status() + " " + abbreviate(r.body()));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private void sign(HttpRequest.Builder request, Caller caller, boolean read) {
        switch (caller) {
            case NONE -> {}
            case CROSS_SITE_COOKIE -> {
                // the instance admin's cookie, sent by a page of another origin: a form or text/plain post
                request.header("Cookie", RequestAuth.COOKIE + "=" + TestServers.ADMIN_TOKEN)
                        .setHeader("Origin", "http://evil.example")
                        .setHeader("Sec-Fetch-Site", "cross-site");
                if (!read) {
                    request.setHeader("Content-Type", "text/plain");
                }
            }
            default -> request.header("Authorization", "Bearer " + tokens.get(caller));
        }
    }

    /** A tus request on an upload that does not exist (allowed callers get 404, the others 401/403 first). */
    private HttpRequest.Builder tus(String method, HttpRequest.BodyPublisher body) {
        return http.request("/api/uploads/" + UUID.randomUUID())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method(method, body);
    }

    private HttpRequest.Builder get(String path) {
        return http.request(path).GET();
    }

    private HttpRequest.Builder post(String path, Map<String, ?> body) {
        return http.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(body)));
    }

    /** A fresh invite code of the room (each join uses one). */
    private String inviteCode() {
        String url = http.post("/api/room/" + room + "/invites", TestServers.ADMIN_TOKEN, "{}")
                .json()
                .get("url")
                .asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** A fresh one-time sign-in code of the member. */
    private String loginCode() {
        return server.runtime()
                .core()
                .sessions()
                .loginCode(UUID.fromString(memberId))
                .code();
    }

    private String throwawayToken() {
        return http.post(
                        "/api/tokens",
                        TestServers.ADMIN_TOKEN,
                        Http.json(Map.of("handle", "member", "label", "throwaway")))
                .json()
                .at("/record/id")
                .asText();
    }

    /** Creates a user with a token, a member of {@code roomId} with {@code role}; returns the user's id. */
    private String user(Caller caller, String handle, String roomId, String role) {
        JsonNode user = http.post("/api/users", TestServers.ADMIN_TOKEN, Http.json(Map.of("handle", handle)))
                .json();
        tokens.put(caller, user.at("/token").asText());
        String id = user.at("/user/id").asText();
        assertThat(http.post(
                                "/api/room/" + roomId + "/members",
                                TestServers.ADMIN_TOKEN,
                                Http.json(Map.of("userId", id, "role", role)))
                        .status())
                .isEqualTo(204);
        return id;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 160 ? body.substring(0, 160) + "…" : body;
    }
}
