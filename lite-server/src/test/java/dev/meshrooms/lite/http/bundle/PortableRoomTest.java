package dev.meshrooms.lite.http.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A room leaves one Mesh-Lite as a bundle and arrives whole in another")
class PortableRoomTest {
    private static final long BIG = 50L * 1024 * 1024;
    private static final String ADMIN = TestServers.ADMIN_TOKEN;
    private LiteServer source;
    private Path bundle;
    private String bigSha;
    private UUID roomId;
    /** A member of the demo room, not its admin. */
    private String memberToken;

    @BeforeAll
    void exportARoom() throws Exception {
        source = TestServers.start(true);
        MeshCore core = source.runtime().core();
        Room demo = core.rooms().findBySlug("demo").orElseThrow();
        roomId = demo.id();
        var author = core.users()
                .findByIds(List.of(core.messages()
                        .page(roomId, null, 1)
                        .messages()
                        .get(0)
                        .message()
                        .authorId()));
        UUID authorId = author.keySet().iterator().next();
        memberToken = core.tokens().issue(authorId, "test", false);
        var edited = core.messages().page(roomId, null, 1).messages().get(0).message();
        core.messages()
                .edit(
                        roomId,
                        edited.id(),
                        edited.authorId(),
                        edited.body() + " (edited: the meeting moved to Thursday)");
        var message = core.messages().send(roomId, authorId, "the big file, 50 MB", null);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream big = new DigestInputStream(new PatternStream(BIG), sha)) {
            core.media().attach(demo, message.id(), "big.bin", "application/octet-stream", big, BIG);
        }
        bigSha = HexFormat.of().formatHex(sha.digest());

        bundle = TempDirs.create("mesh-bundles").resolve("room_" + roomId + ".tar.zst");
        HttpResponse<Path> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(source.baseUrl() + "/api/room/" + roomId + "/export"))
                                .header("Authorization", "Bearer " + ADMIN)
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(bundle));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=room_" + roomId + ".tar.zst");
    }

    @AfterAll
    void stop() {
        source.close();
    }

    @Test
    @DisplayName("export needs a room admin, verify FILE checks it, import FILE brings it whole into a fresh data dir")
    void exportVerifyImport() throws Exception {
        assertThat(new Http(source.baseUrl()).get("/api/room/demo/export", null).status())
                .isEqualTo(401);
        assertThat(new Http(source.baseUrl())
                        .get("/api/room/demo/export", memberToken)
                        .status())
                .as("a member, not an admin")
                .isEqualTo(403);

        // a file name is data: shell, SQL and HTML metacharacters in it run nothing
        Path odd = bundle.resolveSibling("room_$(touch pwned);'drop table x;--<b>.tar.zst");
        Files.copy(bundle, odd);
        Cli oddVerify = Cli.run("verify", odd.toString());
        assertThat(oddVerify.exit()).as(oddVerify.err()).isZero();
        assertThat(oddVerify.out()).startsWith(odd.getFileName() + ": OK, would import");
        assertThat(bundle.resolveSibling("pwned")).doesNotExist();
        assertThat(Path.of("pwned")).doesNotExist();
        Files.delete(odd);

        Cli verify = Cli.run("verify", bundle.toString(), "--json");
        assertThat(verify.exit()).as(verify.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(verify.out());
        assertThat(report.get("ok").asBoolean()).isTrue();
        assertThat(report.get("messages").asLong()).isEqualTo(25);
        assertThat(report.get("mediaFiles").asLong()).isEqualTo(4);

        Path target = TestServers.newDataDir();
        Path mapping = bundle.resolveSibling("mapping.json");
        Cli imported = Cli.run(
                "import",
                bundle.toString(),
                "--data-dir",
                target.toString(),
                "--mapping-out",
                mapping.toString(),
                "--check-all-signatures",
                "--json");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("[##############################] 100%");
        JsonNode result = new ObjectMapper().readTree(imported.out());
        assertThat(result.get("signatureCheck").asText()).isEqualTo("ALL");
        assertThat(result.get("signaturesValid").asLong())
                .isEqualTo(25)
                .isEqualTo(result.get("signaturesChecked").asLong());
        JsonNode map = new ObjectMapper().readTree(mapping.toFile());
        assertThat(map.at("/room/from").asText()).isEqualTo(roomId.toString());
        assertThat(map.at("/room/to").asText()).isEqualTo(result.get("roomId").asText());
        assertThat(map.get("users")).hasSize(4);

        try (LiteServer copy = TestServers.start(target, Map.of(), false)) {
            Http http = new Http(copy.baseUrl());
            JsonNode page = http.get("/api/fetchMessages?roomId=demo&limit=100", null)
                    .json()
                    .get("messages");
            JsonNode original = new Http(source.baseUrl())
                    .get("/api/fetchMessages?roomId=demo&limit=100", null)
                    .json()
                    .get("messages");
            assertThat(page).hasSize(original.size());
            int edits = 0;
            int replies = 0;
            int media = 0;
            for (int i = 0; i < page.size(); i++) {
                assertThat(page.get(i).get("body")).isEqualTo(original.get(i).get("body"));
                assertThat(page.get(i).at("/author/handle"))
                        .isEqualTo(original.get(i).at("/author/handle"));
                assertThat(page.get(i).get("createdAt"))
                        .isEqualTo(original.get(i).get("createdAt"));
                assertThat(page.get(i).get("editedAt"))
                        .isEqualTo(original.get(i).get("editedAt"));
                assertThat(page.get(i).get("replyTo"))
                        .as("ids kept: none collide in a fresh data dir")
                        .isEqualTo(original.get(i).get("replyTo"));
                edits += page.get(i).get("editedAt").isNull() ? 0 : 1;
                replies += page.get(i).get("replyTo").isNull() ? 0 : 1;
                for (int k = 0; k < page.get(i).get("media").size(); k++, media++) {
                    assertThat(sha256(
                                    http, page.get(i).at("/media/" + k + "/url").asText()))
                            .isEqualTo(sha256(
                                    new Http(source.baseUrl()),
                                    original.get(i).at("/media/" + k + "/url").asText()));
                }
            }
            assertThat(edits).as("edited messages").isEqualTo(1);
            assertThat(replies).as("replies").isPositive();
            assertThat(media).as("media files compared byte for byte").isEqualTo(4);
            assertThat(sha256(http, page.get(0).at("/media/0/url").asText()))
                    .as("the 50 MB file")
                    .isEqualTo(bigSha);

            try (Browser browser = Browser.start(1100, 900)) {
                browser.driver().get(copy.baseUrl() + "/room/demo");
                assertThat(browser.driver().findElements(By.cssSelector("[data-testid=message]")))
                        .hasSize(25);
                assertThat(browser.driver().findElements(By.cssSelector(".unsigned")))
                        .isEmpty();
                browser.screenshot("imported-room.png");
            }
        }

        // the imported room leaves again from the CLI, by its new id: a progress bar, a bundle that verifies, no .part
        String newId = result.get("roomId").asText();
        Path again = bundle.resolveSibling("again.tar.zst");
        Cli export = Cli.run("export", newId, "-o", again.toString(), "--data-dir", target.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).contains("[##############################] 100%");
        assertThat(export.out()).contains("Exported room demo: 25 messages, 4 media files → " + again);
        assertThat(again.resolveSibling("again.tar.zst.part")).doesNotExist();
        JsonNode reexported = new ObjectMapper()
                .readTree(Cli.run("verify", again.toString(), "--json").out());
        assertThat(reexported.get("ok").asBoolean()).as(reexported.toString()).isTrue();
        assertThat(reexported.get("roomId").asText()).isEqualTo(newId);
        assertThat(reexported.get("messages").asLong()).isEqualTo(25);
        assertThat(reexported.get("mediaFiles").asLong()).isEqualTo(4);
        Files.delete(again);
        Cli unknown = Cli.run("export", "no-such-room", "-o", again.toString(), "--data-dir", target.toString());
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("no-such-room");
        assertThat(again).doesNotExist();
        assertThat(again.resolveSibling("again.tar.zst.part")).doesNotExist();
    }

    @Test
    @DisplayName(
            "import checks the signatures of authors known here (none, or all with the flags); verify --room checks them all")
    void signatureChecks() throws Exception {
        Path target = TestServers.newDataDir();
        Cli imported = Cli.run(
                "import",
                bundle.toString(),
                "--data-dir",
                target.toString(),
                "--skip-signature-check",
                "--mapping-out",
                target.resolve("mapping.json").toString(),
                "--json");
        assertThat(imported.exit()).as(imported.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(imported.out());
        assertThat(result.get("messages").asLong()).isEqualTo(25);
        assertThat(result.get("signaturesChecked").asLong()).isZero();

        Cli again = Cli.run(
                "import",
                bundle.toString(),
                "--data-dir",
                target.toString(),
                "--skip-signature-check",
                "--as-new",
                "--mapping-out",
                target.resolve("mapping-2.json").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out())
                .contains(
                        "25 messages",
                        "the slug demo was taken here: the room is demo-2",
                        "signatures: not checked (--skip-signature-check)",
                        "check them with: mesh-lite verify --room demo")
                .doesNotContain("of 25 verify");

        Cli preview = Cli.run("verify", bundle.toString(), "--data-dir", target.toString());
        assertThat(preview.exit()).as(preview.err()).isZero();
        assertThat(preview.out())
                .contains(
                        "OK, would import",
                        "an import here: room demo-3 (the slug is taken here)",
                        "authors who are users here already (same key): ",
                        "ids taken here already, which get new ones: 25 messages, 4 media",
                        "refused: this bundle was imported here already as demo-2 (",
                        "import it again with --as-new")
                .doesNotContain("authors new here");
        Cli standalone = Cli.run(
                "verify",
                bundle.toString(),
                "--data-dir",
                target.resolve("nothing-here").toString());
        assertThat(standalone.out())
                .contains("OK, would import", "no Mesh-Lite installation in")
                .doesNotContain("an import here");
        assertThat(target.resolve("nothing-here"))
                .as("a verify creates no data dir")
                .doesNotExist();

        // without --mapping-out: room_<newid>.mapping.json beside the bundle
        Cli known = Cli.run("import", bundle.toString(), "--data-dir", target.toString(), "--as-new");
        assertThat(known.exit()).as(known.err()).isZero();
        assertThat(known.out())
                .as("the first import made the bundle's authors users here (ghosts of their keys)")
                .contains("signatures: 25 of 25 by authors known here verify");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("as room demo-3 \\(([0-9a-f-]{36})\\)")
                .matcher(known.out());
        assertThat(id.find()).as(known.out()).isTrue();
        Path defaultMapping = bundle.resolveSibling("room_" + id.group(1) + ".mapping.json");
        assertThat(known.out()).contains("id mapping: " + defaultMapping);
        assertThat(new ObjectMapper()
                        .readTree(defaultMapping.toFile())
                        .at("/room/to")
                        .asText())
                .isEqualTo(id.group(1));
        Files.delete(defaultMapping);

        Cli contradiction = Cli.run(
                "import",
                bundle.toString(),
                "--data-dir",
                target.toString(),
                "--skip-signature-check",
                "--check-all-signatures");
        assertThat(contradiction.exit()).isNotZero();
        assertThat(contradiction.err())
                .contains("--skip-signature-check and --check-all-signatures contradict each other");

        Cli verified = Cli.run("verify", "--room", "demo", "--data-dir", target.toString());
        assertThat(verified.exit()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("demo: 25 of 25 message signatures verify");
    }

    @Test
    @DisplayName(
            "POST /api/importRoom streams an upload: dryRun reports without writing, a real import creates the room")
    void httpImport() throws Exception {
        try (LiteServer other = TestServers.start(false)) {
            Http http = new Http(other.baseUrl());
            var dry = http.send(http.request("/api/importRoom?dryRun=true")
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofFile(bundle)));
            assertThat(dry.status()).as(dry.body()).isEqualTo(200);
            assertThat(dry.json().at("/translation/slug").asText()).isEqualTo("demo");
            assertThat(dry.json().at("/translation/ghostAuthors")).hasSize(4);
            assertThat(http.get("/api/rooms", ADMIN).json()).isEmpty();

            // refused before the upload is read (a small body: a large one races the server closing the connection)
            assertThat(http.send(http.request("/api/importRoom").POST(HttpRequest.BodyPublishers.ofString("x")))
                            .status())
                    .isEqualTo(401);
            var done = http.send(http.request("/api/importRoom")
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofFile(bundle)));
            assertThat(done.status()).as(done.body()).isEqualTo(201);
            assertThat(done.json().get("slug").asText()).isEqualTo("demo");
            var again = http.send(http.request("/api/importRoom")
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofFile(bundle)));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().get("details").asText()).contains("imported already, as room demo");
            // refused before the upload is read, as above
            var both =
                    http.send(http.request("/api/importRoom?asNew=true&checkAllSignatures=true&skipSignatureCheck=true")
                            .header("Authorization", "Bearer " + ADMIN)
                            .POST(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(both.status()).as(both.body()).isEqualTo(400);
            assertThat(both.json().get("details").asText())
                    .contains("skipSignatureCheck=true and checkAllSignatures=true contradict each other");
            String oddName = "<script>alert(1)</script>;rm -rf ~;'--.tar.zst";
            var bad = http.send(http.request("/api/importRoom?filename="
                            + java.net.URLEncoder.encode(oddName, java.nio.charset.StandardCharsets.UTF_8))
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray("not a bundle".getBytes())));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            assertThat(bad.json().get("details").asText())
                    .as("the name is data, quoted back as given")
                    .contains(oddName);
            assertThat(http.get("/api/rooms", ADMIN).json()).hasSize(1);
        }
    }

    /** The SHA-256 of a media file, fetched as a browser does: the stable local path (and where it redirects, if it does). */
    private static String sha256(Http http, String mediaUrl) throws Exception {
        URI url = http.request(mediaUrl).build().uri();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HttpResponse<InputStream> file = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.ALWAYS)
                .build()
                .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(file.statusCode()).isEqualTo(200);
        try (InputStream in = new DigestInputStream(file.body(), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Deterministic bytes that compress poorly, generated on the fly (no 50 MB array). */
    private static final class PatternStream extends InputStream {
        private final long size;
        private long position;
        private long state = 0x9E3779B97F4A7C15L;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            position++;
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (int) (state & 0xff);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) read();
            }
            return n;
        }
    }
}
