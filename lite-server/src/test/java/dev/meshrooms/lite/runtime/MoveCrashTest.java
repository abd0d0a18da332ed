package dev.meshrooms.lite.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.move.MoveStatus;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A decentralise or re-centralise killed with kill -9 mid-copy")
class MoveCrashTest {
    private static final int ROWS = 100_000;
    private static final Map<String, String> ENV = Map.of(
            Environment.ADMIN_TOKEN,
            TestServers.ADMIN_TOKEN,
            Environment.MOVE_BATCH_ROWS,
            "2000",
            Environment.MOVE_THROTTLE_MS,
            "150",
            Environment.MOVE_CLEANUP_DELAY_SECONDS,
            "0");

    private record Fingerprint(long rows, String digest) {}

    @Test
    @DisplayName("resumes on the next start and finishes with every row exactly once, both ways")
    void killedMovesResume() throws Exception {
        Path dir = TestServers.newDataDir();
        UUID roomId;
        Fingerprint original;
        try (LiteServer server = TestServers.start(dir, ENV, false)) {
            MeshCore core = server.runtime().core();
            Room room = core.roomService()
                    .create(
                            new NewRoom("crash-move", "Crash move", Visibility.PUBLIC),
                            core.admin().user().id());
            roomId = room.id();
            populate(core, roomId, core.admin().user().id());
            original = fingerprint(core, "mesh", roomId);
            assertThat(original.rows()).isEqualTo(ROWS);
        }
        String schema = RoomIds.shardSchema(roomId);

        killMidCopy(dir, roomId, "decentralise");
        try (LiteServer restarted = TestServers.start(dir, ENV, false)) {
            MeshCore core = restarted.runtime().core();
            MoveStatus done = await(core, roomId);
            assertThat(done.state()).as(done.error()).isEqualTo("succeeded");
            assertThat(fingerprint(core, schema, roomId)).isEqualTo(original);
            assertThat(fingerprint(core, "mesh", roomId).rows()).isZero();
            assertThat(core.rooms().findById(roomId).orElseThrow().isSharded()).isTrue();
            assertThat(attempts(core, done.jobId())).isGreaterThanOrEqualTo(2);
        }

        killMidCopy(dir, roomId, "recentralise");
        try (LiteServer restarted = TestServers.start(dir, ENV, false)) {
            MeshCore core = restarted.runtime().core();
            MoveStatus done = await(core, roomId);
            assertThat(done.state()).as(done.error()).isEqualTo("succeeded");
            assertThat(done.direction()).isEqualTo("recentralise");
            assertThat(fingerprint(core, "mesh", roomId)).isEqualTo(original);
            assertThat(core.rooms().findById(roomId).orElseThrow().isSharded()).isFalse();
            assertThat(count(
                            core,
                            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'"))
                    .isZero();
        }
    }

    /** Serves the data directory in a child JVM, starts the move over HTTP and kills the child mid-copy. */
    private static void killMidCopy(Path dir, UUID roomId, String direction) throws Exception {
        ProcessBuilder builder = Cli.inChildJvm("serve", "--data-dir", dir.toString(), "--port", "0")
                .redirectOutput(dir.resolve("child-" + direction + ".log").toFile());
        builder.environment().putAll(ENV);
        Process child = builder.start();
        try {
            int port = TestServers.awaitChildPort(dir, child);
            Http http = new Http("http://127.0.0.1:" + port);
            Http.Response accepted = http.post("/api/room/" + roomId + "/" + direction, TestServers.ADMIN_TOKEN, "{}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            Map<String, String> attachEnv = new HashMap<>(ENV);
            try (LiteRuntime attached = LiteRuntime.start(LiteSettings.from(attachEnv, dir, 0))) {
                assertThat(attached.attached()).isTrue();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (true) {
                    List<Object> job = job(attached.core(), roomId);
                    long copied = (Long) job.get(1);
                    if ("copy-rows".equals(job.get(0)) && copied >= ROWS / 5) {
                        child.destroyForcibly(); // SIGKILL mid-copy
                        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
                        List<Object> after = job(attached.core(), roomId);
                        assertThat(after.get(2)).isEqualTo("running");
                        assertThat((Long) after.get(1)).isLessThan(ROWS);
                        return;
                    }
                    assertThat(System.nanoTime())
                            .as("the child's copy never got under way: " + job)
                            .isLessThan(deadline);
                    Thread.sleep(50);
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static void populate(MeshCore core, UUID roomId, UUID author) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO mesh.messages (id, room_id, author_id, body, created_at, signature, original_id, original_room_id)"
                                + " SELECT g.id, ?, ?, 'message ' || g.n, now() - make_interval(secs => g.n), decode(repeat('00', 64), 'hex'),"
                                + " g.id, ? FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, " + ROWS
                                + ") n) g")) {
            st.setObject(1, roomId);
            st.setObject(2, author);
            st.setObject(3, roomId);
            st.executeUpdate();
        }
    }

    private static Fingerprint fingerprint(MeshCore core, String schema, UUID roomId) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT count(*), coalesce(md5(string_agg(id::text || body || created_at::text, ',' ORDER BY id)), '') FROM "
                                + schema + ".messages WHERE room_id = ?")) {
            st.setObject(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Fingerprint(rs.getLong(1), rs.getString(2));
            }
        }
    }

    /** phase, rows copied, state of the room's latest job. */
    private static List<Object> job(MeshCore core, UUID roomId) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT phase, rows_copied, state FROM mesh.room_move_jobs WHERE room_id = ? ORDER BY started_at DESC LIMIT 1")) {
            st.setObject(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? List.of(rs.getString(1), rs.getLong(2), rs.getString(3))
                        : List.of("none", 0L, "none");
            }
        }
    }

    private static int attempts(MeshCore core, UUID jobId) throws Exception {
        return (int) count(core, "SELECT attempts FROM mesh.room_move_jobs WHERE id = '" + jobId + "'");
    }

    private static long count(MeshCore core, String sql) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static MoveStatus await(MeshCore core, UUID roomId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            MoveStatus status = core.moves().status(roomId).orElseThrow();
            if (status.finished()) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "the resumed move did not finish: " + core.moves().status(roomId));
    }
}
