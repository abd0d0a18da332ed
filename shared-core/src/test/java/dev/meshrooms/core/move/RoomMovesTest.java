package dev.meshrooms.core.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Decentralise and re-centralise a room online")
class RoomMovesTest {
    private MeshCore mesh;
    private User alice;
    private User bob;

    @BeforeAll
    void start() {
        mesh = TestMesh.start();
        // small batches with a pause, so the copy lasts long enough for writes to land during every phase
        mesh.startWorker(MoveSettings.DEFAULTS
                .withBatchRows(300)
                .withThrottle(Duration.ofMillis(15))
                .withCleanupDelay(Duration.ZERO));
        alice = mesh.users().create("alice", "Alice");
        bob = mesh.users().create("bob", "Bob");
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    @Test
    @DisplayName(
            "while two writers keep sending: none lost, none doubled, order kept; rows end in room_<hex>, media in its bucket")
    void decentraliseAndBackUnderWrites() throws Exception {
        Room room = mesh.roomService().create(new NewRoom("busy", "Busy room", Visibility.PUBLIC), alice.id());
        List<UUID> before = populate(room, 3000);
        byte[] picture = bytes(200_000, 7);
        Message withPicture = mesh.messages().send(room.id(), alice.id(), "a picture", null);
        MediaItem media = mesh.media()
                .attach(
                        room,
                        withPicture.id(),
                        "picture.png",
                        "image/png",
                        new ByteArrayInputStream(picture),
                        picture.length);
        before.add(withPicture.id());

        List<UUID> duringDecentralise;
        long slowestDecentralise;
        try (Writers writers = new Writers(mesh, room.id(), List.of(alice.id(), bob.id()))) {
            MoveStatus started = mesh.moves().decentralise(room);
            assertThat(started.direction()).isEqualTo("decentralise");
            assertThatThrownBy(() -> mesh.moves()
                            .decentralise(mesh.rooms().findById(room.id()).orElseThrow()))
                    .isInstanceOf(MeshException.class)
                    .extracting(e -> ((MeshException) e).code())
                    .isEqualTo(ErrorCode.CONFLICT);
            MoveStatus done = await(room.id());
            assertThat(done.state()).as(done.error()).isEqualTo("succeeded");
            assertThat(done.sovereign()).isTrue();
            assertThat(done.fenceMillis()).isNotNull().isLessThan(5_000);
            Thread.sleep(300); // writes after the switch, at the shard
            writers.close();
            assertThat(writers.failures()).isEmpty();
            duringDecentralise = writers.all();
            slowestDecentralise = writers.slowestMillis();
            assertOrderKept(room.id(), writers.sent());
        }
        assertThat(duringDecentralise).hasSizeGreaterThan(20);
        Room sharded = mesh.rooms().findById(room.id()).orElseThrow();
        assertThat(sharded.isSharded()).isTrue();
        assertThat(sharded.state()).isEqualTo(dev.meshrooms.core.model.RoomState.ACTIVE);
        String schema = RoomIds.shardSchema(room.id());
        assertThat(sharded.shardSchema()).isEqualTo(schema);
        List<UUID> expected = new ArrayList<>(before);
        expected.addAll(duringDecentralise);
        assertExactly(room.id(), expected);
        assertThat(count("SELECT count(*) FROM \"" + schema + "\".messages WHERE room_id = ?", room.id()))
                .isEqualTo(expected.size());
        assertThat(count("SELECT count(*) FROM mesh.messages WHERE room_id = ?", room.id()))
                .isZero();
        assertThat(count("SELECT count(*) FROM mesh.media WHERE room_id = ?", room.id()))
                .isZero();
        assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'mesh_move_%'", null))
                .isZero();
        // the picture lives in the room's own bucket now, and only there
        assertThat(sharded.mediaBucket()).isNotNull().isNotEqualTo(mesh.media().bucketFor(room));
        try (InputStream in = mesh.internals().mediaStore().open(sharded.mediaBucket(), media.objectKey())) {
            assertThat(in.readAllBytes()).isEqualTo(picture);
        }
        assertThat(mesh.internals().mediaStore().list(mesh.media().bucketFor(room), room.id() + "/"))
                .isEmpty();
        assertThat(mesh.media().presignedUrl(sharded, media.objectKey())).isNotNull();

        List<UUID> duringRecentralise;
        try (Writers writers = new Writers(mesh, room.id(), List.of(alice.id(), bob.id()))) {
            assertThatThrownBy(() -> mesh.moves().decentralise(sharded)).isInstanceOf(MeshException.class);
            mesh.moves().recentralise(sharded);
            MoveStatus done = await(room.id());
            assertThat(done.state()).as(done.error()).isEqualTo("succeeded");
            Thread.sleep(300);
            writers.close();
            assertThat(writers.failures()).isEmpty();
            duringRecentralise = writers.all();
            assertOrderKept(room.id(), writers.sent());
        }
        expected.addAll(duringRecentralise);
        Room back = mesh.rooms().findById(room.id()).orElseThrow();
        assertThat(back.isSharded()).isFalse();
        assertThat(back.mediaBucket()).isNull();
        assertExactly(room.id(), expected);
        assertThat(count("SELECT count(*) FROM mesh.messages WHERE room_id = ?", room.id()))
                .isEqualTo(expected.size());
        assertThat(count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'", null))
                .isZero();
        assertThat(count("SELECT count(*) FROM pg_roles WHERE rolname = '" + RoomIds.shardRole(room.id()) + "'", null))
                .isZero();
        try (InputStream in =
                mesh.internals().mediaStore().open(mesh.media().bucketFor(back), back.id() + "/" + media.objectKey())) {
            assertThat(in.readAllBytes()).isEqualTo(picture);
        }
        assertThat(mesh.internals().mediaStore().list(sharded.mediaBucket(), ""))
                .isEmpty();
        assertThat(mesh.messages().verify(room.id()).valid()).isEqualTo((long) expected.size());
        System.out.printf(
                "decentralise: %d messages sent during the move, slowest send %d ms%n",
                duringDecentralise.size(), slowestDecentralise);
    }

    @Test
    @DisplayName(
            "into a shard on another server the messages stream in checkpointed batches: every one arrives once, indexed")
    void decentraliseToAnotherServer() throws Exception {
        DatabaseServer shardServer = TestPostgres.newDatabase();
        try (MeshCore twoServers =
                TestMesh.start(TestPostgres.newDatabase(), List.of(shardServer), CoreSettings.DEFAULT_POOL_SIZE)) {
            twoServers.startWorker(MoveSettings.DEFAULTS
                    .withBatchRows(300)
                    .withThrottle(Duration.ofMillis(5))
                    .withCleanupDelay(Duration.ZERO));
            User carol = twoServers.users().create("carol", "Carol");
            Room room = twoServers.roomService().create(new NewRoom("far", "Far room", Visibility.PUBLIC), carol.id());
            List<UUID> expected = new ArrayList<>();
            Instant t0 = Instant.now().minusSeconds(2000);
            for (int i = 0; i < 2000; i++) {
                expected.add(twoServers
                        .messages()
                        .sendAt(room.id(), carol.id(), "message " + i, null, t0.plusSeconds(i))
                        .id());
            }
            try (Writers writers = new Writers(twoServers, room.id(), List.of(carol.id()))) {
                twoServers.moves().decentralise(room);
                MoveStatus done = await(twoServers, room.id());
                assertThat(done.state()).as(done.error()).isEqualTo("succeeded");
                writers.close();
                assertThat(writers.failures()).isEmpty();
                expected.addAll(writers.all());
            }
            Room moved = twoServers.rooms().findById(room.id()).orElseThrow();
            assertThat(moved.shardUrl()).as("a server other than the source's").isEqualTo(shardServer.url());
            List<UUID> all = allMessages(twoServers, room.id()).stream()
                    .map(v -> v.message().id())
                    .toList();
            assertThat(all).doesNotHaveDuplicates().hasSameSizeAs(expected);
            assertThat(new HashSet<>(all)).isEqualTo(new HashSet<>(expected));
            try (Connection c = java.sql.DriverManager.getConnection(
                            shardServer.url(), shardServer.user(), shardServer.password());
                    PreparedStatement st = c.prepareStatement("SELECT (SELECT count(*) FROM " + moved.shardSchema()
                            + ".messages), (SELECT count(*) FROM pg_indexes WHERE schemaname = ? AND indexname IN"
                            + " ('messages_pkey', 'messages_room_time_idx'))")) {
                st.setString(1, moved.shardSchema());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(expected.size());
                    assertThat(rs.getLong(2))
                            .as("the indexes built after the copy")
                            .isEqualTo(2);
                }
            }
        }
    }

    @Test
    @DisplayName("a room that is not sharded cannot be re-centralised (409)")
    void recentraliseNeedsShard() {
        Room room = mesh.roomService().create(new NewRoom("plain", "Plain", Visibility.PUBLIC), alice.id());
        assertThatThrownBy(() -> mesh.moves().recentralise(room))
                .isInstanceOf(MeshException.class)
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    @DisplayName("a big room's messages are taken from the planner's estimate when asked, a small room's are counted")
    void totals() throws Exception {
        Room small = mesh.roomService().create(new NewRoom("counted", "Counted", Visibility.PUBLIC), alice.id());
        populate(small, 5);
        UUID big = UUID.randomUUID();
        try (Connection c = mesh.internals().pools().global().getConnection();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO mesh.messages (id, room_id, author_id, body, created_at, signature, original_id,"
                    + " original_room_id) SELECT g, '" + big + "', '" + alice.id() + "', 'x', now(),"
                    + " decode(repeat('ab', 64), 'hex'), g, '" + big + "' FROM (SELECT gen_random_uuid() AS g"
                    + " FROM generate_series(1, 150000)) s");
            // no automatic ANALYZE in between: the test compares an estimate from old statistics with a count
            st.execute("ALTER TABLE mesh.messages SET (autovacuum_enabled = false)");
            st.execute("ANALYZE mesh.messages");
            // 60,000 of them gone since the statistics were taken: a count sees 90,000, the estimate still ~150,000
            st.execute("DELETE FROM mesh.messages WHERE id IN (SELECT id FROM mesh.messages WHERE room_id = '" + big
                    + "' LIMIT 60000)");
            try {
                assertThat(RoomTotals.of(c, RoomPlace.global(small.id(), "b"), small.id(), false))
                        .isEqualTo(new RoomTotals(5, 0, 0));
                assertThat(RoomTotals.of(c, RoomPlace.global(big, "b"), big, true)
                                .messages())
                        .isEqualTo(90_000);
                assertThat(RoomTotals.of(c, RoomPlace.global(big, "b"), big, false)
                                .messages())
                        .isBetween(120_000L, 180_000L);
            } finally {
                st.execute("DELETE FROM mesh.messages WHERE room_id = '" + big + "'");
                st.execute("ALTER TABLE mesh.messages RESET (autovacuum_enabled)");
            }
        }
    }

    private List<UUID> populate(Room room, int n) {
        List<UUID> ids = new ArrayList<>();
        Instant t0 = Instant.now().minusSeconds(n);
        for (int i = 0; i < n; i++) {
            ids.add(mesh.messages()
                    .sendAt(room.id(), i % 2 == 0 ? alice.id() : bob.id(), "message " + i, null, t0.plusSeconds(i))
                    .id());
        }
        return ids;
    }

    private MoveStatus await(UUID roomId) throws InterruptedException {
        return await(mesh, roomId);
    }

    private static MoveStatus await(MeshCore mesh, UUID roomId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            MoveStatus status = mesh.moves().status(roomId).orElseThrow();
            if (status.finished()) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the move did not finish: " + mesh.moves().status(roomId));
    }

    /** Every expected message exactly once, nothing else. */
    private void assertExactly(UUID roomId, List<UUID> expected) {
        List<UUID> all = allMessages(roomId).stream().map(v -> v.message().id()).toList();
        assertThat(all).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).isEqualTo(new HashSet<>(expected));
        assertThat(all).hasSameSizeAs(expected);
    }

    /** Each writer's messages appear oldest first in the order it sent them. */
    private void assertOrderKept(UUID roomId, List<List<UUID>> sent) {
        List<UUID> timeline = new ArrayList<>(
                allMessages(roomId).stream().map(v -> v.message().id()).toList());
        java.util.Collections.reverse(timeline);
        for (List<UUID> writer : sent) {
            List<UUID> seen =
                    timeline.stream().filter(new HashSet<>(writer)::contains).toList();
            assertThat(seen).containsExactlyElementsOf(writer);
        }
    }

    private List<MessageView> allMessages(UUID roomId) {
        return allMessages(mesh, roomId);
    }

    private static List<MessageView> allMessages(MeshCore mesh, UUID roomId) {
        List<MessageView> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = mesh.messages().page(roomId, cursor, 1000);
            all.addAll(page.messages());
            cursor = page.next();
        } while (cursor != null);
        return all;
    }

    private long count(String sql, UUID roomId) throws Exception {
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            if (roomId != null) {
                st.setObject(1, roomId);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static byte[] bytes(int n, long start) {
        byte[] b = new byte[n];
        new Random(start).nextBytes(b);
        return b;
    }
}
