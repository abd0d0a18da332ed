package dev.meshrooms.lite.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.media.s3.S3Settings;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.SignatureReport;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.DebianPostgres;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.core.testing.TestS3;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.LiteRuntime;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.CuttingProxy;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.Queries;
import dev.meshrooms.lite.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A room's round trip between two real servers in separate processes: made on a "cloud" (a Mesh served by a child
 * JVM on Debian's PostgreSQL, a shard server and an S3 store of its own), exported, imported into a Mesh-Lite, written to there, and pushed back with {@code mesh-lite push} through a
 * network that drops twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Push: a room goes to a Mesh-Lite and back to the cloud, across a network that drops")
class PushRoundTripTest {
    private static final int PICTURE = 6 << 20;
    private Path cloudDir;
    private Process cloud;
    private int cloudPort;
    private Http cloudHttp;
    private LiteServer local;
    private Path localDir;
    private Path work;
    private Path tokenFile;
    private Room localRoom;
    private long cloudMessages;
    /** The cloud's shard server: a second PostgreSQL (imports go straight into a new shard there). */
    private DatabaseServer shardServer;

    private DebianPostgres globalServer;

    private Map<String, String> cloudEnv;

    @BeforeAll
    void cloudAndLite() throws Exception {
        work = TempDirs.create("mesh-push-trip");
        cloudDir = TestServers.newDataDir();
        // the cloud as it runs in production: Debian's PostgreSQL 15 as the global database (a non-superuser), a
        // second PostgreSQL as its shard server, and an S3 store in another process (this one)
        globalServer = DebianPostgres.start();
        shardServer = TestPostgres.newDatabase();
        S3Settings s3 = TestS3.settings();
        cloudEnv = Map.of(
                Environment.DATABASE_URL,
                "postgresql://" + DebianPostgres.USER + ":" + DebianPostgres.PASSWORD + "@127.0.0.1:"
                        + globalServer.port() + "/mesh",
                Environment.SHARD_PG_URL_BASE,
                shardServer.url().replace("jdbc:postgresql://", "postgresql://" + shardServer.user() + "@"),
                Environment.S3_ENDPOINT,
                s3.endpoint().toString(),
                Environment.AWS_ACCESS_KEY_ID,
                s3.accessKeyId(),
                Environment.AWS_SECRET_ACCESS_KEY,
                s3.secretAccessKey(),
                Environment.MEDIA_BUCKET,
                "cloud-media",
                Environment.ADMIN_TOKEN,
                TestServers.ADMIN_TOKEN);
        ProcessBuilder serve = Cli.inChildJvm("serve", "--data-dir", cloudDir.toString(), "--port", "0")
                .redirectOutput(work.resolve("cloud.log").toFile());
        serve.environment().putAll(cloudEnv);
        cloud = serve.start();
        cloudPort = java.net
                .URI
                .create(TestServers.awaitChildUrl(work.resolve("cloud.log"), cloud))
                .getPort();
        cloudHttp = new Http("http://127.0.0.1:" + cloudPort);

        // on the cloud: a room with two people, their messages and a picture
        Path bundle = work.resolve("from-cloud.tar.zst");
        try (LiteRuntime attached = attach(cloudDir, cloudEnv)) {
            MeshCore core = attached.core();
            User ana = core.users().create("ana", "Ana");
            User ben = core.users().create("ben", "Ben");
            Room room = core.roomService().create(new NewRoom("harbour", "Harbour", Visibility.PRIVATE), ana.id());
            core.rooms().addMember(room.id(), ben.id(), MemberRole.MEMBER);
            var first = core.messages().send(room.id(), ana.id(), "the boats leave at six", null);
            core.messages().send(room.id(), ben.id(), "I'll bring the ropes", first.id());
            var photo = core.messages().send(room.id(), ana.id(), "the harbour this morning", null);
            byte[] picture = new byte[1 << 20];
            new Random(3).nextBytes(picture);
            core.media()
                    .attach(
                            room,
                            photo.id(),
                            "harbour.jpg",
                            "image/jpeg",
                            new ByteArrayInputStream(picture),
                            picture.length);
            cloudMessages = 3;
            try (OutputStream out = Files.newOutputStream(bundle)) {
                core.exporter("http://127.0.0.1:" + cloudPort).export(room.id(), out, ProgressListener.NONE);
            }
        }

        // the Mesh-Lite: imports the bundle, then a local person writes five messages, one with a big file
        localDir = TestServers.newDataDir();
        local = TestServers.start(localDir, Map.of(), false);
        MeshCore core = local.runtime().core();
        var imported = core.importer()
                .importBundle(
                        Files.newInputStream(bundle),
                        bundle.getFileName().toString(),
                        new ImportOptions(false, core.admin().user().id()),
                        ProgressListener.NONE);
        localRoom = core.rooms().require(imported.roomId().toString());
        User lou = core.users().create("lou", "Lou");
        core.rooms().addMember(localRoom.id(), lou.id(), MemberRole.MEMBER);
        for (int i = 1; i <= 5; i++) {
            var m = core.messages().send(localRoom.id(), lou.id(), "written on the Mesh-Lite, " + i, null);
            if (i == 5) {
                byte[] big = new byte[PICTURE];
                new Random(5).nextBytes(big);
                core.media()
                        .attach(
                                localRoom,
                                m.id(),
                                "chart.bin",
                                "application/octet-stream",
                                new ByteArrayInputStream(big),
                                big.length);
            }
        }
        tokenFile = work.resolve("cloud.token");
        Files.writeString(tokenFile, importToken("P7D"));
    }

    @AfterAll
    void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (cloud != null) {
            cloud.destroy();
            if (!cloud.waitFor(30, TimeUnit.SECONDS)) {
                cloud.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        if (globalServer != null) {
            globalServer.close();
        }
    }

    private static LiteRuntime attach(Path dir, Map<String, String> env) {
        return LiteRuntime.start(LiteSettings.from(env, dir, 0));
    }

    private String importToken(String expiresIn) {
        var issued = cloudHttp.post(
                "/api/tokens", TestServers.ADMIN_TOKEN, Http.json(Map.of("scope", "import", "expiresIn", expiresIn)));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().get("token").asText();
    }

    private Cli push(String to, Path token, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "push",
                localRoom.slug(),
                "--to",
                to,
                "--token-file",
                token.toString(),
                "--data-dir",
                localDir.toString(),
                "--mapping-out",
                work.toString(),
                "--json"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    @DisplayName("the push resumes after two cuts and the cloud has every message, signatures verifying")
    void pushThroughCuts() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(cloudPort, List.of(PICTURE * 3L / 10, PICTURE * 7L / 10))) {
            Cli run = push("http://127.0.0.1:" + proxy.port(), tokenFile);
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(proxy.cuts()).as("the network dropped twice").isEqualTo(2);
            JsonNode result = Http.parse(run.out());
            UUID cloudRoom = UUID.fromString(result.get("cloudRoomId").asText());
            assertThat(result.get("roomUrl").asText()).startsWith("http://127.0.0.1:" + proxy.port() + "/room/");
            assertThat(result.get("messages").asLong()).isEqualTo(cloudMessages + 5);
            long bundleBytes = result.get("bundleBytes").asLong();
            assertThat(proxy.bytesUpstream())
                    .as("a resume sends only what the cloud had not acknowledged, not the bundle again")
                    .isLessThan(bundleBytes + bundleBytes / 2);

            Path spooled = localDir.resolve("pushes")
                    .resolve(localRoom.id().toString())
                    .resolve("room_" + localRoom.id() + ".tar.zst");
            String localSha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(spooled)));
            assertThat(result.at("/importResult/bundleSha256").asText())
                    .as("the cloud imported exactly the local bundle")
                    .isEqualTo(localSha);
            assertThat(work.resolve("room_" + cloudRoom + ".mapping.json")).exists();
            PushSpools spools = new PushSpools(localDir.resolve("pushes"));
            List<PushedCopy> copies = spools.copies(localRoom.id());
            assertThat(copies).as("the copy is on record here").hasSize(1);
            assertThat(copies.get(0).cloudRoomId()).isEqualTo(cloudRoom);
            assertThat(copies.get(0).roomUrl()).isEqualTo(result.get("roomUrl").asText());
            assertThat(spools.limit(copies.get(0), Files.readString(tokenFile)))
                    .as("the cloud tells the pushing token how the copy stands: this cloud bills nobody")
                    .hasValueSatisfying(limit -> {
                        assertThat(limit.state()).isEqualTo(CloudLimit.State.WITHIN);
                        assertThat(limit.enforced()).isFalse();
                        assertThat(limit.sentence()).startsWith("Within its free tier");
                    });

            try (LiteRuntime attached = attach(cloudDir, cloudEnv)) {
                MeshCore core = attached.core();
                Room pushed = core.rooms().findById(cloudRoom).orElseThrow();
                assertThat(pushed.isSharded()).as("a new, sharded room").isTrue();
                assertThat(pushed.shardUrl()).isEqualTo(shardServer.url());
                assertThat(Queries.countOn(shardServer, "SELECT count(*) FROM " + pushed.shardSchema() + ".messages"))
                        .as("its rows in its own schema on the shard server")
                        .isEqualTo(cloudMessages + 5);
                assertThat(Queries.count(
                                core, "SELECT count(*) FROM mesh.messages WHERE room_id = '" + cloudRoom + "'"))
                        .isZero();
                assertThat(core.internals().mediaStore().list(pushed.mediaBucket(), ""))
                        .as("its media in its own bucket")
                        .hasSize(2);
                assertThat(Queries.count(
                                core,
                                "SELECT count(*) FROM mesh.import_history WHERE room_id = '" + cloudRoom
                                        + "' AND shard_schema = '" + pushed.shardSchema() + "'"))
                        .isEqualTo(1);
                assertThat(core.messages().page(cloudRoom, null, 100).messages())
                        .hasSize((int) cloudMessages + 5);
                SignatureReport signatures = core.messages().verify(cloudRoom);
                assertThat(signatures.checked()).isEqualTo(cloudMessages + 5);
                assertThat(signatures.allValid())
                        .as("originals and the Mesh-Lite's own messages")
                        .isTrue();
                assertThat(Queries.count(
                                core,
                                "SELECT count(*) FROM mesh.import_history WHERE room_id = '" + cloudRoom
                                        + "' AND token_id IS NOT NULL"))
                        .isEqualTo(1);
                assertThat(Queries.count(core, "SELECT count(*) FROM mesh.bundle_uploads"))
                        .as("no upload left on the cloud")
                        .isZero();
                assertThat(core.users().findByHandle("lou"))
                        .as("the local author came along")
                        .isPresent();
                assertThat(Queries.count(
                                core, "SELECT count(*) FROM mesh.users WHERE handle LIKE 'ana%' OR handle LIKE 'ben%'"))
                        .as("the original authors are matched by key, not made again")
                        .isEqualTo(2);
            }
            try (Stream<Path> left = Files.list(cloudDir.resolve("uploads"))) {
                assertThat(left.filter(p -> !p.getFileName().toString().startsWith("locks")))
                        .as("no upload files left on the cloud")
                        .allSatisfy(p -> assertThat(Files.isDirectory(p) && isEmptyTree(p))
                                .isTrue());
            }
            assertThat(Queries.count(local.runtime().core(), "SELECT count(*) FROM mesh.import_history"))
                    .as("the Mesh-Lite's own import is on record")
                    .isEqualTo(1);
        }
    }

    private static boolean isEmptyTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.noneMatch(Files::isRegularFile);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    @Order(2)
    @DisplayName("pushing the same room again is refused naming the earlier import; --as-new makes a second room")
    void rePush() {
        Cli again = push("http://127.0.0.1:" + cloudPort, tokenFile);
        assertThat(again.exit()).as(again.err()).isEqualTo(ErrorCode.Exit.REFUSED);
        assertThat(again.err()).contains("imported already", "with token", "--as-new");

        Cli copy = push("http://127.0.0.1:" + cloudPort, tokenFile, "--as-new");
        assertThat(copy.exit()).as(copy.err()).isZero();
        JsonNode result = Http.parse(copy.out());
        assertThat(result.get("exportReused").asBoolean())
                .as("the room did not change: its bundle is reused")
                .isTrue();
        assertThat(result.get("bytesSent").asLong())
                .as("the refused push's upload was kept and is used, not sent again")
                .isZero();
        assertThat(new PushSpools(localDir.resolve("pushes")).copies(localRoom.id()))
                .as("both copies on record, the latest first")
                .hasSize(2)
                .first()
                .satisfies(c -> assertThat(c.cloudRoomId().toString())
                        .isEqualTo(result.get("cloudRoomId").asText()));
    }

    @Test
    @Order(3)
    @DisplayName("a member's token and an expired import token are refused with a sentence that says what to do")
    void wrongTokens() throws Exception {
        String member = cloudHttp.newMember("harbour", "pushy");
        Path memberFile = work.resolve("member.token");
        Files.writeString(memberFile, member);
        Cli asMember = push("http://127.0.0.1:" + cloudPort, memberFile);
        assertThat(asMember.exit()).isEqualTo(ErrorCode.Exit.BAD_INPUT);
        assertThat(asMember.err()).contains("403", "import token");

        Path expiredFile = work.resolve("expired.token");
        Files.writeString(expiredFile, importToken("PT1S"));
        Thread.sleep(1500);
        Cli expired = push("http://127.0.0.1:" + cloudPort, expiredFile, "--as-new");
        assertThat(expired.exit()).isEqualTo(ErrorCode.Exit.BAD_INPUT);
        assertThat(expired.err()).contains("401", "not valid there");

        Cli nowhere = push("http://127.0.0.1:1", tokenFile);
        assertThat(nowhere.exit()).isEqualTo(ErrorCode.Exit.TRY_AGAIN);
        assertThat(nowhere.err()).contains("nothing answers at http://127.0.0.1:1");
    }
}
