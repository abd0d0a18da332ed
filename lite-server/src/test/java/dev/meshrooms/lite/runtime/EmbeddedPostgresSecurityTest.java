package dev.meshrooms.lite.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.media.s3.S3MediaStore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.demo.DemoRoom;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The embedded PostgreSQL: private to its user, durable, upgraded in place")
class EmbeddedPostgresSecurityTest {

    @Test
    @DisplayName(
            "every connection needs the password; Mesh-Lite is not a superuser; fsync, synchronous_commit and full_page_writes are on; files, PostgreSQL's log included, are private")
    void privateAndDurable() throws Exception {
        Path dir = TestServers.newDataDir();
        try (LiteServer server = TestServers.start(dir, Map.of(), true)) {
            int port = server.runtime().postgresPort();
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            for (String user : List.of("postgres", "mesh")) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, user, null))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("password");
                assertThatThrownBy(() -> DriverManager.getConnection(url, user, "postgres"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("password authentication failed");
            }
            String password = Files.readString(dir.resolve("db.password")).trim();
            try (Connection c = DriverManager.getConnection(url, "mesh", password);
                    Statement st = c.createStatement()) {
                for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                    assertThat(single(st, "SHOW " + setting)).as(setting).isEqualTo("on");
                }
                assertThat(
                                single(
                                        st,
                                        "SELECT rolsuper::text || rolcreaterole::text FROM pg_roles WHERE rolname = current_user"))
                        .isEqualTo("falsefalse");
                assertThat(single(st, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'mesh'"))
                        .isEqualTo("mesh");
                // what a superuser could do and Mesh-Lite's role cannot
                assertThatThrownBy(() -> st.execute("SELECT pg_read_binary_file('" + dir.resolve("master.key") + "')"))
                        .hasMessageContaining("permission denied");
                assertThatThrownBy(() -> st.execute("COPY (SELECT 1) TO PROGRAM 'true'"))
                        .hasMessageContaining("must be superuser");
                assertThatThrownBy(() -> st.execute("GRANT pg_execute_server_program TO mesh"))
                        .hasMessageContaining("must have admin option");
                assertThatThrownBy(() -> st.execute("SELECT mesh_roles.create_room_role('pg_read_server_files')"))
                        .hasMessageContaining("not the role of a room's shard");
            }
            String hba = Files.readString(dir.resolve("postgres").resolve("pg_hba.conf"));
            assertThat(hba.lines().filter(l -> !l.startsWith("#") && !l.isBlank()))
                    .isNotEmpty()
                    .allMatch(l -> l.trim().endsWith("scram-sha-256"));
            assertThat(mode(dir)).isEqualTo("rwx------");
            for (String secret : List.of("master.key", "s3.properties", "db.password", "db-superuser.password")) {
                assertThat(mode(dir.resolve(secret))).as(secret).isEqualTo("rw-------");
            }
            assertThat(mode(LiteSettings.defaultCacheDir(System.getenv()).resolve("postgres")))
                    .isEqualTo("rwx------");
            Path log = dir.resolve("logs").resolve("postgres.log");
            assertThat(mode(log)).as("PostgreSQL's own log").isEqualTo("rw-------");
            assertThat(mode(log.getParent())).isEqualTo("rwx------");
            assertThat(Files.readString(log)).contains("database system is ready to accept connections");
        }
    }

    @Test
    @DisplayName("a start that fails says what PostgreSQL said last, and where its log is")
    void failedStartQuotesItsLog() throws Exception {
        Path broken = TestServers.newDataDir();
        Files.createDirectories(broken.resolve("postgres"));
        Files.writeString(broken.resolve("postgres").resolve("left-behind.txt"), "not a cluster");
        assertThatThrownBy(() -> TestServers.start(broken, Map.of(), false).close())
                .hasMessageContaining("the embedded PostgreSQL in " + broken.resolve("postgres") + " did not start")
                .hasMessageContaining("exists but is not empty")
                .hasMessageContaining("See " + broken.resolve("logs").resolve("postgres.log"));
        assertThat(Files.readString(broken.resolve("postgres").resolve("left-behind.txt")))
                .as("a folder that is not a cluster is left as it was")
                .isEqualTo("not a cluster");
    }

    @Test
    @DisplayName("another OS user can neither read the data directory nor connect, with or without a guessed password")
    void anotherUser() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "switching to another OS user needs root (CI runs as root; a developer: sudo ./mvnw verify)");
        Path dir = TestServers.newDataDir();
        try (LiteServer server = TestServers.start(dir, Map.of(), false)) {
            int port = server.runtime().postgresPort();
            assertThat(asNobody(List.of("ls", dir.toString()))).contains("Permission denied");
            assertThat(asNobody(List.of("cat", dir.resolve("db.password").toString())))
                    .contains("Permission denied");
            for (String user : List.of("postgres", "mesh")) {
                assertThat(asNobody(List.of(
                                "psql",
                                "-w",
                                "-h",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(port),
                                "-U",
                                user,
                                "-c",
                                "SELECT 1",
                                "postgres")))
                        .contains("no password supplied");
                assertThat(asNobody(List.of(
                                "env",
                                "PGPASSWORD=postgres",
                                "psql",
                                "-w",
                                "-h",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(port),
                                "-U",
                                user,
                                "-c",
                                "SELECT 1",
                                "postgres")))
                        .contains("password authentication failed");
            }
        }
    }

    @Test
    @DisplayName(
            "a postgres planted where PostgreSQL binaries used to be unpacked (the shared temporary folder) is never run")
    void plantedBinaryIsNeverRun() throws Exception {
        Path dir = TestServers.newDataDir();
        Path tmp = TestServers.newDataDir();
        Path cache = TestServers.newDataDir().resolve("cache");
        // the folder zonky's defaults would use: <java.io.tmpdir>/embedded-pg/PG-<md5 of the archive>, marked unpacked
        byte[] archive = io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver.INSTANCE
                .getPgBinary("Linux", "x86_64")
                .readAllBytes();
        String digest = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(archive));
        Path planted = tmp.resolve("embedded-pg").resolve("PG-" + digest);
        Path marker = tmp.resolve("planted-binary-ran");
        Files.createDirectories(planted.resolve("bin"));
        for (String binary : List.of("postgres", "initdb", "pg_ctl")) {
            Path script = planted.resolve("bin").resolve(binary);
            Files.writeString(script, "#!/bin/sh\ntouch " + marker + "\nexit 1\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.createFile(planted.resolve(".exists"));

        ProcessBuilder builder = Cli.inChildJvm(
                List.of("-Djava.io.tmpdir=" + tmp), "serve", "--port", "0", "--data-dir", dir.toString());
        builder.environment().put(Environment.CACHE_DIR, cache.toString());
        Process child = builder.start();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            String started = null;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("Mesh-Lite is running at ")) {
                    started = line.substring("Mesh-Lite is running at ".length());
                    break;
                }
            }
            assertThat(started).as("the server started").isNotNull();
            assertThat(new Http(started).get("/health", null).status()).isEqualTo(200);
            long postmaster =
                    Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid"))
                            .get(0)
                            .trim());
            Path executable = Files.readSymbolicLink(Path.of("/proc", Long.toString(postmaster), "exe"));
            assertThat(executable.toString()).startsWith(cache.toString());
        } finally {
            child.destroy();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(marker).as("the planted binary ran").doesNotExist();
    }

    @Test
    @DisplayName(
            "a data directory an earlier release made (trust, superuser, wide modes) is upgraded at its next start with nothing lost")
    void upgradesEarlierDataDirectory() throws Exception {
        Path dir = TestServers.newDataDir();
        UUID sharded = EarlierRelease.makeDataDirectory(dir);
        assertThat(Files.readString(dir.resolve("postgres").resolve("pg_hba.conf")))
                .contains("trust");

        try (LiteServer server = TestServers.start(dir, Map.of(), false)) {
            Http http = new Http(server.baseUrl());
            var demo = http.get("/api/fetchMessages?roomId=demo&limit=100", null);
            assertThat(demo.status()).isEqualTo(200);
            assertThat(demo.json().at("/messages")).hasSize(24);
            var shard = http.get("/api/fetchMessages?roomId=" + sharded + "&limit=100", null);
            assertThat(shard.status()).as(shard.body()).isEqualTo(200);
            assertThat(shard.json().at("/messages")).hasSize(3);
            var reply = http.send(http.request("/api/sendMessage")
                    .header("x-room-id", sharded.toString())
                    .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"body\":\"written after the upgrade\"}")));
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            assertThat(http.get(demo.json().at("/messages").findValue("url").asText(), null)
                            .status())
                    .isEqualTo(200);
            assertThat(server.runtime()
                            .core()
                            .messages()
                            .verify(server.runtime()
                                    .core()
                                    .rooms()
                                    .require("demo")
                                    .id())
                            .allValid())
                    .isTrue();
            String hba = Files.readString(dir.resolve("postgres").resolve("pg_hba.conf"));
            assertThat(hba).doesNotContain("trust");
            assertThatThrownBy(() -> DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + server.runtime().postgresPort() + "/postgres",
                            "postgres",
                            null))
                    .isInstanceOf(SQLException.class);
            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("master.key"))).isEqualTo("rw-------");
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String asNobody(List<String> command) throws Exception {
        List<String> full =
                new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("%s succeeded as another user: %s", command, out)
                .isNotZero();
        return out;
    }

    /**
     * A data directory as the release before private embedded databases left it: zonky's defaults (every local
     * connection trusted as the superuser {@code postgres}), the schema made as the superuser, a room with its own
     * shard schema and role, the demo room with pictures, and a folder readable by everyone.
     */
    static final class EarlierRelease {
        static UUID makeDataDirectory(Path dir) throws Exception {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Properties credentials = new DataDirectory(dir).s3Credentials();
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                            .setDataDirectory(dir.resolve("postgres"))
                            .setCleanDataDirectory(false)
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .setServerConfig("unix_socket_directories", "")
                            .start();
                    EmbeddedS3Server s3 = EmbeddedS3Server.start(dir.resolve("objects"), credentials);
                    S3MediaStore store = new S3MediaStore(EmbeddedS3Server.settings(s3.port(), credentials))) {
                store.ensureBucket(CoreSettings.DEFAULT_MEDIA_BUCKET);
                DatabaseServer superuser = new DatabaseServer(
                        "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", null);
                try (MeshCore core = MeshCore.start(
                        CoreSettings.builder()
                                .global(superuser)
                                .masterKey(new DataDirectory(dir).masterKey(null))
                                .build(),
                        store)) {
                    core.admin().ensureToken(TestServers.ADMIN_TOKEN);
                    UUID admin = core.admin().user().id();
                    DemoRoom.ensure(core, admin);
                    Room room = core.shardedRooms()
                            .create(new NewRoom("own-shard", "Own shard", Visibility.PUBLIC), admin, null);
                    for (int i = 0; i < 3; i++) {
                        core.messages().send(room.id(), admin, "in the shard " + i, null);
                    }
                    return room.id();
                }
            } finally {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(dir.resolve("master.key"), PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }
}
