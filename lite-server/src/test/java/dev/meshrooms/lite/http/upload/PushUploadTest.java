package dev.meshrooms.lite.http.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.EventStream;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Pushed bundles: resumable uploads (tus), imports as jobs, bounds per token")
class PushUploadTest {
    private static final String ADMIN = TestServers.ADMIN_TOKEN;
    private static final long MAX_BUNDLE = 64L << 20;
    private LiteServer server;
    private Http http;
    private Path bundle;
    private String sha;
    private long demoMessages;
    private UUID roomId;

    @BeforeAll
    void start() throws Exception {
        server = TestServers.start(
                TestServers.newDataDir(),
                Map.of(Environment.PUSH_MAX_BYTES, Long.toString(MAX_BUNDLE), Environment.PUSH_UPLOADS_PER_TOKEN, "2"),
                true);
        http = new Http(server.baseUrl());
        MeshCore core = server.runtime().core();
        Room demo = core.rooms().findBySlug("demo").orElseThrow();
        UUID author = core.messages()
                .page(demo.id(), null, 1)
                .messages()
                .get(0)
                .message()
                .authorId();
        var message = core.messages().send(demo.id(), author, "the photos of the meeting", null);
        byte[] picture = new byte[3 << 20];
        new Random(7).nextBytes(picture);
        core.media()
                .attach(
                        demo,
                        message.id(),
                        "meeting.bin",
                        "application/octet-stream",
                        new ByteArrayInputStream(picture),
                        picture.length);
        demoMessages = core.messages().page(demo.id(), null, 1000).messages().size();
        roomId = demo.id();
    }

    /** A fresh export of the demo room (each has its own hash: the export's time is in it). */
    private void exportBundle() throws Exception {
        bundle = TempDirs.create("mesh-push").resolve("room_" + roomId + ".tar.zst");
        var export = http.client()
                .send(
                        http.request("/api/room/" + roomId + "/export")
                                .header("Authorization", "Bearer " + ADMIN)
                                .GET()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofFile(bundle));
        assertThat(export.statusCode()).isEqualTo(200);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(bundle)));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String importToken() {
        var issued = http.post("/api/tokens", ADMIN, Http.json(Map.of("scope", "import", "expiresIn", "P7D")));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().get("token").asText();
    }

    private TusClient tus(String token, TusURLMemoryStore urls) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL(server.baseUrl() + "/api/uploads"));
        client.setHeaders(Map.of("Authorization", "Bearer " + token));
        client.enableResuming(urls);
        return client;
    }

    private TusUpload upload() throws Exception {
        TusUpload upload = new TusUpload(bundle.toFile());
        upload.setFingerprint("bundle-" + sha);
        upload.setMetadata(Map.of("filename", bundle.getFileName().toString(), "sha256", sha));
        return upload;
    }

    /** Uploads the whole bundle in one go; the upload's id. */
    private String uploadAll(String token) throws Exception {
        TusUploader uploader = tus(token, new TusURLMemoryStore()).createUpload(upload());
        while (uploader.uploadChunk() > -1) {
            // on to the end
        }
        uploader.finish();
        String path = uploader.getUploadURL().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private Http.Response head(String id, String token) {
        return http.send(http.request("/api/uploads/" + id)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Tus-Resumable", "1.0.0")
                .header("Authorization", "Bearer " + token));
    }

    private Http.Response create(String token, long length) {
        return http.send(http.request("/api/uploads")
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length))
                .header("Authorization", "Bearer " + token));
    }

    private JsonNode followToEnd(String jobId, String token) throws Exception {
        var stream = EventStream.read(
                server.baseUrl() + "/api/imports/" + jobId + "/status", token, "status", Duration.ofSeconds(120));
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.events()).isNotEmpty();
        return stream.events().get(stream.events().size() - 1);
    }

    @Test
    @DisplayName("an upload stopped half-way goes on from the server's offset, and its import job makes the room")
    void resumeAndImport() throws Exception {
        exportBundle();
        String token = importToken();
        TusURLMemoryStore urls = new TusURLMemoryStore();
        TusUploader first = tus(token, urls).resumeOrCreateUpload(upload());
        first.setChunkSize(64 << 10);
        first.setRequestPayloadSize(256 << 10);
        long size = Files.size(bundle);
        while (first.getOffset() < size / 2) {
            first.uploadChunk();
        }
        first.finish(); // the connection ends here: the client went away half-way
        long stoppedAt = first.getOffset();
        assertThat(stoppedAt).isGreaterThan(0).isLessThan(size);

        TusUploader second = tus(token, urls).resumeOrCreateUpload(upload());
        assertThat(second.getUploadURL()).isEqualTo(first.getUploadURL());
        assertThat(second.getOffset()).as("resumed from the server's offset").isEqualTo(stoppedAt);
        while (second.uploadChunk() > -1) {
            // the rest
        }
        second.finish();
        String path = second.getUploadURL().getPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        assertThat(head(id, token).headers().firstValue("Upload-Offset")).hasValue(Long.toString(size));
        assertThat(head(id, importToken()).status())
                .as("another token does not see it")
                .isEqualTo(404);

        var started = http.postBytes("/api/importRoom?upload=" + id, token, new byte[0]);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String jobId = started.json().get("jobId").asText();
        assertThat(started.json().get("statusUrl").asText()).isEqualTo("/api/imports/" + jobId + "/status");

        JsonNode last = followToEnd(jobId, token);
        assertThat(last.get("state").asText()).as(last.toString()).isEqualTo("succeeded");
        assertThat(last.get("percent").asInt()).isEqualTo(100);
        assertThat(last.get("bytesDone").asLong()).isEqualTo(size);
        UUID roomId = UUID.fromString(last.at("/result/roomId").asText());
        assertThat(last.at("/result/bundleSha256").asText()).isEqualTo(sha);
        MeshCore core = server.runtime().core();
        assertThat(core.messages().page(roomId, null, 1000).messages()).hasSize((int) demoMessages);
        var job = http.get("/api/imports/" + jobId, token);
        assertThat(job.status()).isEqualTo(200);
        assertThat(job.json().get("roomId").asText()).isEqualTo(roomId.toString());
        assertThat(http.get("/api/imports/" + jobId, importToken()).status())
                .as("another import token does not see the job")
                .isEqualTo(404);
        assertThat(head(id, token).status())
                .as("the upload is removed once imported")
                .isEqualTo(404);
        assertThat(core.bundleUploads().find(id)).isEmpty();
    }

    @Test
    @DisplayName("the same bundle pushed again is refused with 409 naming the earlier import; asNew makes a copy")
    void rePush() throws Exception {
        exportBundle();
        String token = importToken();
        var first = http.postBytes("/api/importRoom?upload=" + uploadAll(token), token, new byte[0]);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        JsonNode done = followToEnd(first.json().get("jobId").asText(), token);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        String firstRoom = done.get("roomId").asText();

        String again = uploadAll(token);
        var refused = http.postBytes("/api/importRoom?upload=" + again, token, new byte[0]);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("details").asText())
                .contains("imported already", firstRoom, "with token", "asNew=true");

        var copy = http.postBytes("/api/importRoom?upload=" + again + "&asNew=true", token, new byte[0]);
        assertThat(copy.status()).as(copy.body()).isEqualTo(202);
        JsonNode second = followToEnd(copy.json().get("jobId").asText(), token);
        assertThat(second.get("state").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(second.get("roomId").asText()).isNotEqualTo(firstRoom);
    }

    @Test
    @DisplayName("bounds per token: bundle size, unfinished uploads; a length is required")
    void bounds() {
        String token = importToken();
        var tooBig = create(token, MAX_BUNDLE + 1);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("details").asText()).contains("MESH_PUSH_MAX_BYTES");
        assertThat(create(token, 1000).status()).isEqualTo(201);
        assertThat(create(token, 1000).status()).isEqualTo(201);
        var third = create(token, 1000);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.json().get("details").asText()).contains("2 unfinished uploads", "DELETE");
        assertThat(create(importToken(), 1000).status())
                .as("another token has bounds of its own")
                .isEqualTo(201);

        var noLength = http.send(http.request("/api/uploads")
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Tus-Resumable", "1.0.0")
                .header("Authorization", "Bearer " + token));
        assertThat(noLength.status()).isEqualTo(400);
        assertThat(noLength.json().get("details").asText()).contains("Upload-Length");
    }

    @Test
    @DisplayName("bytes whose checksum does not match are refused (460) and not kept; DELETE ends an upload")
    void checksumAndTermination() throws Exception {
        String token = importToken();
        var created = create(token, 10);
        assertThat(created.status()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        byte[] bytes = "0123456789".getBytes();
        String wrong = java.util.Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-1").digest("something else".getBytes()));
        var patched = http.send(http.request("/api/uploads/" + id)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Offset", "0")
                .header("Upload-Checksum", "sha1 " + wrong)
                .header("Authorization", "Bearer " + token));
        assertThat(patched.status()).isEqualTo(460);
        assertThat(head(id, token).headers().firstValue("Upload-Offset")).hasValue("0");

        var deleted = http.send(http.request("/api/uploads/" + id)
                .DELETE()
                .header("Tus-Resumable", "1.0.0")
                .header("Authorization", "Bearer " + token));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(head(id, token).status()).isEqualTo(404);
        assertThat(server.runtime().core().bundleUploads().find(id)).isEmpty();

        var options = http.send(http.request("/api/uploads")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token));
        assertThat(options.headers().firstValue("Tus-Extension").orElse(""))
                .contains("creation", "termination", "checksum", "expiration")
                .doesNotContain("concatenation");
    }

    @Test
    @DisplayName("an upload idle past its expiry is removed by the sweep: its file and its record")
    void idleUploadsExpire() throws Exception {
        String token = importToken();
        var created = create(token, 100);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        MeshCore core = server.runtime().core();
        try (var c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "UPDATE mesh.bundle_uploads SET touched_at = now() - interval '25 hours' WHERE id = ?")) {
            st.setString(1, id);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        assertThat(server.runtime().bundleSpool().sweep()).isEqualTo(1);
        assertThat(head(id, token).status()).isEqualTo(404);
        assertThat(core.bundleUploads().find(id)).isEmpty();
    }

    @Test
    @DisplayName("who may push: not a member's token, not an unfinished upload, not an unknown one")
    void refusals() throws Exception {
        String member = http.newMember("demo", "pusher");
        assertThat(create(member, 10).status()).isEqualTo(403);
        String token = importToken();
        var created = create(token, 10);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        var unfinished = http.postBytes("/api/importRoom?upload=" + id, token, new byte[0]);
        assertThat(unfinished.status()).isEqualTo(409);
        assertThat(unfinished.json().get("details").asText()).contains("0 of 10 bytes");
        var unknown = http.postBytes("/api/importRoom?upload=nope", token, new byte[0]);
        assertThat(unknown.status()).isEqualTo(404);
        var sharded = http.postBytes("/api/importRoom?upload=" + id + "&sharded=maybe", token, new byte[0]);
        assertThat(sharded.status()).isEqualTo(400);
        assertThat(sharded.json().get("details").asText()).contains("sharded", "neither true nor false");
    }

    @Test
    @DisplayName("a route does what it is for: X-HTTP-Method-Override only as PATCH on POST /api/uploads/<id>")
    void methodOverride() {
        String token = importToken();
        var sneaky = http.send(http.request("/api/uploads")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "1000")
                .header("X-HTTP-Method-Override", "POST")
                .header("Authorization", "Bearer " + token));
        assertThat(sneaky.status()).isEqualTo(400);
        assertThat(sneaky.headers().firstValue("Location")).isEmpty();
        String id = location(create(token, 10));
        var deleteAsPatch = http.send(http.request("/api/uploads/" + id)
                .method("DELETE", HttpRequest.BodyPublishers.ofString("0123456789"))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .header("X-HTTP-Method-Override", "PATCH")
                .header("Authorization", "Bearer " + token));
        assertThat(deleteAsPatch.status()).isEqualTo(400);
        assertThat(head(id, token).headers().firstValue("Upload-Offset")).hasValue("0");
        assertThat(server.runtime().core().bundleUploads().find(id)).isPresent();
        var postAsDelete = http.send(http.request("/api/uploads/" + id)
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Tus-Resumable", "1.0.0")
                .header("X-HTTP-Method-Override", "DELETE")
                .header("Authorization", "Bearer " + token));
        assertThat(postAsDelete.status()).isEqualTo(400);
        assertThat(head(id, token).headers().firstValue("Upload-Offset"))
                .as("the upload is still there")
                .hasValue("0");
        var aliased =
                http.postBytes("/api/importRoom?upload=" + id.toUpperCase(java.util.Locale.ROOT), token, new byte[0]);
        assertThat(aliased.status())
                .as("only the id as the server made it names the upload")
                .isEqualTo(404);
    }

    @Test
    @DisplayName("an upload takes no more bytes than it announced, with a length or without (chunked)")
    void noMoreThanAnnounced() throws Exception {
        String token = importToken();
        String id = location(create(token, 10));
        var tooMany = http.send(http.request("/api/uploads/" + id)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("0123456789abcdefghij"))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .header("Authorization", "Bearer " + token));
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.json().get("details").asText()).contains("send at most 10");
        byte[] twenty = "0123456789abcdefghij".getBytes();
        var chunked = http.send(http.request("/api/uploads/" + id)
                .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(twenty)))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .header("Authorization", "Bearer " + token));
        assertThat(chunked.status()).isEqualTo(204);
        assertThat(head(id, token).headers().firstValue("Upload-Offset")).hasValue("10");
        try (var in = server.runtime().bundleSpool().open(id, "token:" + tokenId(token))) {
            assertThat(in.readAllBytes()).isEqualTo("0123456789".getBytes());
        }
    }

    private String tokenId(String token) {
        return server.runtime()
                .core()
                .tokens()
                .authenticate(token)
                .orElseThrow()
                .tokenId()
                .toString();
    }

    private static String location(Http.Response created) {
        assertThat(created.status()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
