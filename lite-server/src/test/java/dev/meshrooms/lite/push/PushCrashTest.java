package dev.meshrooms.lite.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.LiteRuntime;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.Queries;
import dev.meshrooms.lite.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Push: the cloud killed mid-import leaves nothing half-visible, and pushing again completes")
class PushCrashTest {
    private static final int ROWS = 150_000;

    @Test
    void cloudKilledMidImport() throws Exception {
        Path work = TempDirs.create("mesh-push-crash");
        Path cloudDir = TestServers.newDataDir();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // the same address before and after the restart
        }
        // the cloud imports straight into new shards on a shard server of its own
        DatabaseServer shardServer = TestPostgres.newDatabase();
        Map<String, String> cloudEnv = Map.of(
                Environment.ADMIN_TOKEN,
                TestServers.ADMIN_TOKEN,
                Environment.SHARD_PG_URL_BASE,
                shardServer.url().replace("jdbc:postgresql://", "postgresql://" + shardServer.user() + "@"));
        Process cloud = startCloud(cloudDir, port, cloudEnv, work.resolve("cloud-1.log"));
        Path localDir = TestServers.newDataDir();
        try (LiteServer local = TestServers.start(localDir, Map.of(), false)) {
            MeshCore core = local.runtime().core();
            Room room = core.roomService()
                    .create(
                            new NewRoom("big-room", "Big room", Visibility.PUBLIC),
                            core.admin().user().id());
            populate(core, room);
            var last = core.messages().send(room.id(), core.admin().user().id(), "the archive", null);
            byte[] archive = new byte[20 << 20];
            new Random(9).nextBytes(archive);
            core.media()
                    .attach(
                            room,
                            last.id(),
                            "archive.bin",
                            "application/octet-stream",
                            new ByteArrayInputStream(archive),
                            archive.length);
            Path token = work.resolve("token");
            String cloudUrl = "http://127.0.0.1:" + port;
            Files.writeString(
                    token,
                    new Http(cloudUrl)
                            .post("/api/tokens", TestServers.ADMIN_TOKEN, Http.json(Map.of("scope", "import")))
                            .json()
                            .get("token")
                            .asText());
            String[] push = {
                "push",
                "big-room",
                "--to",
                cloudUrl,
                "--token-file",
                token.toString(),
                "--data-dir",
                localDir.toString(),
                "--mapping-out",
                work.toString()
            };

            CompletableFuture<Cli> first = CompletableFuture.supplyAsync(() -> Cli.run(push));
            try (LiteRuntime attached = attach(cloudDir, cloudEnv)) {
                awaitImportUnderWay(attached.core());
                cloud.destroyForcibly(); // SIGKILL mid-import
                assertThat(cloud.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(Queries.strings(attached.core(), "SELECT state FROM mesh.bundle_imports"))
                        .as("killed while the import ran")
                        .containsExactly("running");
            }
            Cli stopped = first.get(2, TimeUnit.MINUTES);
            assertThat(stopped.exit()).as(stopped.err()).isEqualTo(ErrorCode.Exit.TRY_AGAIN);

            cloud = startCloud(cloudDir, port, cloudEnv, work.resolve("cloud-2.log"));
            Cli again = Cli.run(push);
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out()).contains("Pushed room big-room", "0 B sent this time");
            try (LiteRuntime attached = attach(cloudDir, cloudEnv)) {
                MeshCore cloudCore = attached.core();
                assertThat(Queries.strings(
                                cloudCore, "SELECT is_sharded::text FROM mesh.rooms WHERE name = 'Big room'"))
                        .as("imported straight into a new shard")
                        .containsExactly("true");
                assertThat(Queries.strings(cloudCore, "SELECT slug FROM mesh.rooms WHERE state = 'importing'"))
                        .as("no hidden entry left")
                        .isEmpty();
                assertThat(
                                Queries.stringsOn(
                                        shardServer,
                                        "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'room\\_%'"))
                        .as("the killed attempt's shard was removed; only the room's own is left")
                        .hasSize(1);
                assertThat(Queries.strings(cloudCore, "SELECT slug FROM mesh.rooms WHERE name = 'Big room'"))
                        .as("one room, made once")
                        .hasSize(1);
                assertThat(Queries.strings(cloudCore, "SELECT state || ' ' || attempts FROM mesh.bundle_imports"))
                        .as("the job ran again after the restart and finished")
                        .containsExactly("succeeded 2");
                assertThat(
                                Queries.strings(
                                        cloudCore,
                                        "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'mesh_import_%'"))
                        .as("no staging left")
                        .isEmpty();
                assertThat(Queries.strings(cloudCore, "SELECT id FROM mesh.bundle_uploads"))
                        .isEmpty();
                String roomId = Queries.strings(cloudCore, "SELECT id::text FROM mesh.rooms WHERE name = 'Big room'")
                        .get(0);
                assertThat(cloudCore
                                .messages()
                                .page(java.util.UUID.fromString(roomId), null, 1000)
                                .messages())
                        .as("the room reads from its shard")
                        .hasSize(1000);
                assertThat(Queries.countOn(
                                shardServer, "SELECT count(*) FROM room_" + roomId.replace("-", "") + ".messages"))
                        .as("every message, once")
                        .isEqualTo(ROWS + 1);
            }
        } finally {
            cloud.destroy();
            if (!cloud.waitFor(30, TimeUnit.SECONDS)) {
                cloud.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startCloud(Path dir, int port, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder serve = Cli.inChildJvm("serve", "--data-dir", dir.toString(), "--port", Integer.toString(port))
                .redirectOutput(log.toFile());
        serve.environment().putAll(env);
        Process child = serve.start();
        TestServers.awaitChildPort(dir, child);
        return child;
    }

    private static LiteRuntime attach(Path dir, Map<String, String> env) {
        return LiteRuntime.start(LiteSettings.from(env, dir, 0));
    }

    private static void awaitImportUnderWay(MeshCore core) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            List<String> phases =
                    Queries.strings(core, "SELECT phase FROM mesh.bundle_imports WHERE state = 'running'");
            if (!phases.isEmpty() && List.of("database", "media", "links").contains(phases.get(0))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the cloud's import never got under way");
    }

    private static void populate(MeshCore core, Room room) throws Exception {
        try (var c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO mesh.messages (id, room_id, author_id, body, created_at, signature, original_id,"
                                + " original_room_id) SELECT g.id, ?, ?, 'message number ' || g.n || ' of the archive',"
                                + " now() - make_interval(secs => g.n), decode(repeat('00', 64), 'hex'), g.id, ?"
                                + " FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, " + ROWS
                                + ") n) g")) {
            st.setObject(1, room.id());
            st.setObject(2, core.admin().user().id());
            st.setObject(3, room.id());
            st.executeUpdate();
        }
    }
}
