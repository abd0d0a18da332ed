package dev.meshrooms.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.DebianPostgres;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two shard servers that are two PostgreSQL instances: the embedded one (zonky, a database of its own) and Debian's
 * PostgreSQL 15 started by the test (a non-superuser service user). The global schema lives in a third database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Shards on two PostgreSQL servers")
class TwoServerPlacementTest {
    private DebianPostgres debian;
    private DatabaseServer zonkyShard;
    private DatabaseServer debianShard;
    private CoreSettings.Builder settings;
    private MeshCore mesh;
    private User alice;

    @BeforeAll
    void start() throws Exception {
        debian = DebianPostgres.start();
        zonkyShard = TestPostgres.newDatabase();
        debianShard = debian.server();
        settings = TestMesh.settingsBuilder(TestPostgres.newDatabase(), List.of(zonkyShard, debianShard), 6);
        mesh = TestMesh.start(settings.build());
        alice = mesh.users().create("alice", "Alice");
    }

    @AfterAll
    void stop() throws Exception {
        if (mesh != null) {
            mesh.close();
        }
        if (debian != null) {
            debian.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName(
            "rooms spread over both servers (fewest rooms first), and each room's messages land in its own server's schema only")
    void spreadAndRouted() throws SQLException {
        assertThat(mesh.internals().placement().candidates()).containsExactly(zonkyShard.url(), debianShard.url());
        List<Room> rooms = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rooms.add(mesh.shardedRooms()
                    .create(new NewRoom("spread-" + i, "Spread " + i, Visibility.PUBLIC), alice.id()));
        }
        Map<String, Integer> perServer = new HashMap<>();
        rooms.forEach(r -> perServer.merge(r.shardUrl(), 1, Integer::sum));
        assertThat(perServer).containsOnly(Map.entry(zonkyShard.url(), 3), Map.entry(debianShard.url(), 3));
        // the rule alternates: a tie goes to the first configured server
        assertThat(rooms)
                .extracting(Room::shardUrl)
                .containsExactly(
                        zonkyShard.url(),
                        debianShard.url(),
                        zonkyShard.url(),
                        debianShard.url(),
                        zonkyShard.url(),
                        debianShard.url());
        assertThat(mesh.internals().placement().loads())
                .extracting(ShardPlacement.ServerLoad::rooms)
                .containsExactly(3L, 3L);

        for (Room room : rooms) {
            Message message = mesh.messages().send(room.id(), alice.id(), "hello from " + room.slug(), null);
            DatabaseServer home = server(room.shardUrl());
            DatabaseServer other = home == zonkyShard ? debianShard : zonkyShard;
            String schema = RoomIds.shardSchema(room.id());
            assertThat(count(home, "SELECT count(*) FROM " + schema + ".messages WHERE id = '" + message.id() + "'"))
                    .as("%s's message in %s on its own server", room.slug(), schema)
                    .isEqualTo(1);
            assertThat(count(other, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"))
                    .as("no %s on the other server", schema)
                    .isZero();
            assertThat(mesh.messages().page(room.id(), null, 10).messages())
                    .extracting(v -> v.message().body())
                    .containsExactly("hello from " + room.slug());
        }
    }

    @Test
    @Order(2)
    @DisplayName("with equal room counts, the server whose room schemas hold fewer bytes gets the next room")
    void tieGoesToFewerBytes() throws SQLException {
        List<ShardPlacement.ServerLoad> before = mesh.internals().placement().loads();
        assertThat(before.get(0).rooms()).isEqualTo(before.get(1).rooms());
        // make the first configured server (which wins plain ties) the heavier one
        Room heavy = mesh.shardedRooms().create(new NewRoom("heavy", "Heavy", Visibility.PUBLIC), alice.id());
        Room light = mesh.shardedRooms().create(new NewRoom("light", "Light", Visibility.PUBLIC), alice.id());
        assertThat(heavy.shardUrl()).isEqualTo(zonkyShard.url());
        assertThat(light.shardUrl()).isEqualTo(debianShard.url());
        for (int i = 0; i < 300; i++) {
            mesh.messages().send(heavy.id(), alice.id(), "weight " + i + " " + "x".repeat(200), null);
        }
        List<ShardPlacement.ServerLoad> loads = mesh.internals().placement().loads();
        assertThat(loads.get(0).rooms()).isEqualTo(loads.get(1).rooms());
        assertThat(loads.get(0).bytes()).isGreaterThan(loads.get(1).bytes());

        Room next = mesh.shardedRooms().create(new NewRoom("next", "Next", Visibility.PUBLIC), alice.id());
        assertThat(next.shardUrl()).isEqualTo(debianShard.url());
    }

    @Test
    @Order(4)
    @DisplayName("rooms provisioned in parallel still spread evenly (shards under way count)")
    void parallelSpread() throws Exception {
        List<ShardPlacement.ServerLoad> before = mesh.internals().placement().loads();
        long zonkyBefore = before.get(0).rooms();
        long debianBefore = before.get(1).rooms();
        // even the counts out first, so that 8 parallel rooms must split 4/4
        while (zonkyBefore != debianBefore) {
            Room filler = mesh.shardedRooms()
                    .create(
                            new NewRoom("filler-" + zonkyBefore + "-" + debianBefore, "Filler", Visibility.PUBLIC),
                            alice.id());
            if (filler.shardUrl().equals(zonkyShard.url())) {
                zonkyBefore++;
            } else {
                debianBefore++;
            }
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Room>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                futures.add(pool.submit(() -> mesh.shardedRooms()
                        .create(new NewRoom("parallel-" + n, "Parallel " + n, Visibility.PUBLIC), alice.id())));
            }
            Map<String, Integer> perServer = new HashMap<>();
            for (var f : futures) {
                perServer.merge(f.get().shardUrl(), 1, Integer::sum);
            }
            assertThat(perServer).containsOnly(Map.entry(zonkyShard.url(), 4), Map.entry(debianShard.url(), 4));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(3)
    @DisplayName("a shard under way counts once on its server, before and after its schema is committed")
    void reservedShardCountsOnce() throws SQLException {
        ShardPlacement placement = mesh.internals().placement();
        List<ShardPlacement.ServerLoad> before = placement.loadsCountingReserved();
        UUID roomId = UUID.randomUUID();
        try (ShardPlacement.Reservation held = placement.choose(roomId)) {
            int at = placement.candidates().indexOf(held.serverUrl());
            long reserved = placement.loadsCountingReserved().get(at).rooms();
            assertThat(reserved).isEqualTo(before.get(at).rooms() + 1);
            // a second provisioning of the same room holds the same place: still one room, until both let go
            try (ShardPlacement.Reservation again = placement.at(held.serverUrl(), roomId)) {
                assertThat(placement.loadsCountingReserved().get(at).rooms()).isEqualTo(reserved);
            }
            assertThat(placement.loadsCountingReserved().get(at).rooms()).isEqualTo(reserved);
            // a provisioning commits the schema first and releases its place only after the bucket and key
            DatabaseServer home = server(held.serverUrl());
            String schema = RoomIds.shardSchema(roomId);
            execute(home, "CREATE SCHEMA " + schema);
            try {
                assertThat(placement.loads().get(at).rooms())
                        .isEqualTo(before.get(at).rooms() + 1);
                assertThat(placement.loadsCountingReserved().get(at).rooms())
                        .as("committed while its place is held")
                        .isEqualTo(reserved);
            } finally {
                execute(home, "DROP SCHEMA " + schema);
            }
        }
        assertThat(placement.loadsCountingReserved())
                .extracting(ShardPlacement.ServerLoad::rooms)
                .isEqualTo(before.stream().map(ShardPlacement.ServerLoad::rooms).toList());
    }

    @Test
    @Order(5)
    @DisplayName("a room migration added to the build reaches every existing shard on both servers at the next start")
    void nextStartMigratesShards() throws SQLException {
        List<Room> rooms =
                mesh.rooms().list().stream().filter(r -> r.shardUrl() != null).toList();
        assertThat(rooms).extracting(Room::shardUrl).contains(zonkyShard.url(), debianShard.url());
        mesh.close();
        mesh = null;

        NextRoomMigration next = NextRoomMigration.write();
        mesh = TestMesh.start(settings.roomMigrations(next.locations()).build());

        for (Room room : rooms) {
            String schema = RoomIds.shardSchema(room.id());
            DatabaseServer home = server(room.shardUrl());
            assertThat(count(home, "SELECT max(version::int) FROM " + schema + ".flyway_room_history WHERE success"))
                    .as("%s on %s", schema, room.shardUrl())
                    .isEqualTo(next.version());
            assertThat(count(
                            home,
                            "SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + schema
                                    + "' AND table_name = 'messages' AND column_name = 'pinned_at'"))
                    .as("%s has the new column", schema)
                    .isEqualTo(1);
        }
        assertThat(mesh.shardMigrations().pending()).isEmpty();
        // the rooms still work on the migrated schemas
        Room any = rooms.get(rooms.size() - 1);
        mesh.messages().send(any.id(), alice.id(), "after the migration", null);
        assertThat(mesh.messages().page(any.id(), null, 1).messages())
                .extracting(v -> v.message().body())
                .containsExactly("after the migration");
    }

    private DatabaseServer server(String url) {
        return Objects.equals(url, zonkyShard.url()) ? zonkyShard : debianShard;
    }

    private static void execute(DatabaseServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
                java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(DatabaseServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
