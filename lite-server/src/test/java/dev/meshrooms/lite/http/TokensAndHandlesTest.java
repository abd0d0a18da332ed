package dev.meshrooms.lite.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tokens expire and can be revoked; handles are unique; imported authors are marked")
class TokensAndHandlesTest {
    private static final String FIRST = "first-admin-token-0123456789-abcdefghij";
    private static final String SECOND = "second-admin-token-0123456789-abcdefghij";

    @Test
    @DisplayName("an import token uploads and imports, and is refused everywhere else with a sentence")
    void importTokens() throws Exception {
        try (LiteServer server = TestServers.start(false)) {
            Http http = new Http(server.baseUrl());
            var issued = http.post(
                    "/api/tokens", TestServers.ADMIN_TOKEN, Http.json(Map.of("scope", "import", "expiresIn", "P7D")));
            assertThat(issued.status()).as(issued.body()).isEqualTo(201);
            assertThat(issued.json().at("/record/scope").asText()).isEqualTo("import");
            String token = issued.json().get("token").asText();

            var refused = http.get("/api/rooms", token);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("details").asText()).contains("import token", "GET /api/rooms");
            assertThat(http.post("/api/room", token, Http.json(Map.of("slug", "nope", "name", "No")))
                            .status())
                    .isEqualTo(403);
            var imported = http.postBytes("/api/importRoom", token, "not a bundle".getBytes());
            assertThat(imported.status())
                    .as("the import route takes it (and refuses the bundle)")
                    .isEqualTo(422);

            var forSomeone = http.post(
                    "/api/tokens",
                    TestServers.ADMIN_TOKEN,
                    Http.json(Map.of("handle", "someone-else", "scope", "import")));
            assertThat(forSomeone.status())
                    .as("import tokens are the admin user's")
                    .isEqualTo(400);
            assertThat(http.get("/api/tokens", TestServers.ADMIN_TOKEN).body()).contains("\"scope\":\"import\"");
        }
    }

    @Test
    @DisplayName("MESH_ADMIN_TOKEN shorter than 32 characters is refused at start, saying how to make one")
    void shortAdminToken() {
        assertThatThrownBy(
                        () -> LiteSettings.from(Map.of(Environment.ADMIN_TOKEN, "secret"), TestServers.newDataDir(), 0))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("MESH_ADMIN_TOKEN")
                .hasMessageContaining("32")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    @DisplayName(
            "POST /api/tokens issues (once), GET lists without the secret, DELETE revokes; expired tokens stop working")
    void tokensApi() throws Exception {
        try (LiteServer server = TestServers.start(false)) {
            Http http = new Http(server.baseUrl());
            http.post("/api/users", TestServers.ADMIN_TOKEN, Http.json(Map.of("handle", "carol")));
            var issued = http.post(
                    "/api/tokens",
                    TestServers.ADMIN_TOKEN,
                    Http.json(Map.of("handle", "carol", "label", "carol's laptop")));
            assertThat(issued.status()).as(issued.body()).isEqualTo(201);
            String token = issued.json().at("/token").asText();
            assertThat(http.get("/api/fetchMessages?roomId=none", token).status())
                    .isEqualTo(404);
            var shortLived = http.post(
                    "/api/tokens", TestServers.ADMIN_TOKEN, Http.json(Map.of("handle", "carol", "expiresIn", "PT1S")));
            String brief = shortLived.json().at("/token").asText();
            assertThat(shortLived.json().at("/record/expiresAt").asText()).isNotEmpty();
            assertThat(http.get("/api/fetchMessages?roomId=none", brief).status())
                    .isEqualTo(404);

            var list = http.get("/api/tokens", TestServers.ADMIN_TOKEN);
            assertThat(list.body()).doesNotContain(token).doesNotContain(TestServers.ADMIN_TOKEN);
            JsonNode mine = null;
            for (JsonNode t : list.json()) {
                if ("carol's laptop".equals(t.at("/label").asText())) {
                    mine = t;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.at("/active").asBoolean()).isTrue();
            assertThat(mine.at("/handle").asText()).isEqualTo("carol");

            assertThat(http.get("/api/tokens", token).status())
                    .as("a member may not list tokens")
                    .isEqualTo(403);
            var revoked = http.send(http.request("/api/tokens/" + mine.at("/id").asText())
                    .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                    .DELETE());
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(revoked.json().at("/active").asBoolean()).isFalse();
            assertThat(http.get("/api/fetchMessages?roomId=none", token).status())
                    .isEqualTo(401);
            Thread.sleep(1_500);
            assertThat(http.get("/api/fetchMessages?roomId=none", brief).status())
                    .as("expired")
                    .isEqualTo(401);
            var bad = http.post(
                    "/api/tokens",
                    TestServers.ADMIN_TOKEN,
                    Http.json(Map.of("handle", "carol", "expiresIn", "1 month")));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().at("/details").asText()).contains("P30D");
        }
    }

    @Test
    @DisplayName(
            "a changed MESH_ADMIN_TOKEN revokes the old one; unset, it is revoked too and a new admin token is printed once")
    void adminTokenRotation() {
        Path dir = TestServers.newDataDir();
        try (LiteServer server = TestServers.start(dir, Map.of(Environment.ADMIN_TOKEN, FIRST), false)) {
            assertThat(new Http(server.baseUrl()).get("/api/rooms", FIRST).status())
                    .isEqualTo(200);
        }
        try (LiteServer server =
                LiteServer.start(LiteSettings.from(Map.of(Environment.ADMIN_TOKEN, SECOND), dir, 0), false)) {
            Http http = new Http(server.baseUrl());
            assertThat(http.get("/api/rooms", FIRST).status()).isEqualTo(401);
            assertThat(http.get("/api/rooms", SECOND).status()).isEqualTo(200);
        }
        try (LiteServer server = LiteServer.start(LiteSettings.from(Map.of(), dir, 0), false)) {
            Http http = new Http(server.baseUrl());
            assertThat(http.get("/api/rooms", SECOND).status()).isEqualTo(401);
            String generated = server.newAdminToken().orElseThrow();
            assertThat(http.get("/api/rooms", generated).status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("whoever owns the data directory replaces a lost admin token: tokens create --admin, list, revoke")
    void lostAdminToken() {
        Path dir = TestServers.newDataDir();
        try (LiteServer server = TestServers.start(dir, Map.of(), false)) {
            Http http = new Http(server.baseUrl());
            String[] created = cli("tokens", "create", "--admin", "--label", "recovered", "--data-dir", dir.toString());
            String token = created[0].strip();
            assertThat(created[1]).contains("instance admin").contains("not shown again");
            assertThat(http.get("/api/rooms", token).status()).isEqualTo(200);
            String listed = cli("tokens", "list", "--data-dir", dir.toString())[0];
            assertThat(listed).contains("recovered").contains("@admin").doesNotContain(token);
            String id = listed.lines()
                    .filter(l -> l.contains("recovered"))
                    .findFirst()
                    .orElseThrow()
                    .split("\\s+")[0];
            assertThat(cli("tokens", "revoke", id, "--data-dir", dir.toString())[0])
                    .contains("revoked token " + id);
            assertThat(http.get("/api/rooms", token).status()).isEqualTo(401);
        }
    }

    @Test
    @DisplayName(
            "handles are unique whatever their case; an imported author with a local user's handle gets a suffix and an 'imported' mark")
    void uniqueHandles() throws Exception {
        byte[] bundle;
        try (LiteServer source = TestServers.start(true)) {
            bundle = java.net.http.HttpClient.newHttpClient()
                    .send(
                            new Http(source.baseUrl())
                                    .request("/api/room/demo/export")
                                    .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        }
        try (LiteServer server = TestServers.start(false)) {
            Http http = new Http(server.baseUrl());
            assertThat(http.post(
                                    "/api/users",
                                    TestServers.ADMIN_TOKEN,
                                    Http.json(Map.of("handle", "Ada", "displayName", "Our Ada")))
                            .status())
                    .isEqualTo(201);
            var again = http.post("/api/users", TestServers.ADMIN_TOKEN, Http.json(Map.of("handle", "ada")));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().at("/details").asText()).contains("ada is taken");

            var imported = http.send(http.request("/api/importRoom")
                    .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bundle)));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            JsonNode messages = http.get("/api/fetchMessages?roomId=demo&limit=100", null)
                    .json()
                    .at("/messages");
            assertThat(messages.findValuesAsText("handle"))
                    .contains("ada-2", "grace")
                    .doesNotContain("ada", "Ada");
            String page = http.get("/room/demo", null).body();
            assertThat(page).contains("data-testid=\"imported\"").contains("Key fingerprint");
        }
    }

    private static String[] cli(String... args) {
        Cli run = Cli.run(args);
        assertThat(run.exit()).as(run.err()).isZero();
        return new String[] {run.out(), run.err()};
    }
}
