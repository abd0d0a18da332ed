package dev.meshrooms.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.message.Message;
import dev.meshrooms.core.room.NewRoom;
import dev.meshrooms.core.room.Room;
import dev.meshrooms.core.room.RoomIds;
import dev.meshrooms.core.room.Visibility;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.DebianPostgres;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.core.user.User;
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
    private MeshCore mesh;
    private User alice;

    @BeforeAll
    void start() throws Exception {
        debian = DebianPostgres.start();
        zonkyShard = TestPostgres.newDatabase();
        debianShard = debian.server();
        mesh = TestMesh.start(TestPostgres.newDatabase(), List.of(zonkyShard, debianShard), 6);
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
    @DisplayName("rooms spread over both servers (fewest rooms first), and each room's messages land in its own server's schema only")
    void spreadAndRouted() throws SQLException {
        assertThat(mesh.shardPlacement().candidates()).containsExactly(zonkyShard.url(), debianShard.url());
        List<Room> rooms = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rooms.add(mesh.roomService().createSharded(new NewRoom("spread-" + i, "Spread " + i, Visibility.PUBLIC), alice.id()));
        }
        Map<String, Integer> perServer = new HashMap<>();
        rooms.forEach(r -> perServer.merge(r.shardUrl(), 1, Integer::sum));
        assertThat(perServer).containsOnly(Map.entry(zonkyShard.url(), 3), Map.entry(debianShard.url(), 3));
        // the rule alternates: a tie goes to the first configured server
        assertThat(rooms).extracting(Room::shardUrl).containsExactly(zonkyShard.url(), debianShard.url(),
                zonkyShard.url(), debianShard.url(), zonkyShard.url(), debianShard.url());
        assertThat(mesh.shardPlacement().loads()).extracting(ShardPlacement.ServerLoad::rooms).containsExactly(3L, 3L);

        for (Room room : rooms) {
            Message message = mesh.messages().send(room.id(), alice.id(), "hello from " + room.slug(), null);
            DatabaseServer home = server(room.shardUrl());
            DatabaseServer other = home == zonkyShard ? debianShard : zonkyShard;
            String schema = RoomIds.shardSchema(room.id());
            assertThat(count(home, "SELECT count(*) FROM " + schema + ".messages WHERE id = '" + message.id() + "'"))
                    .as("%s's message in %s on its own server", room.slug(), schema).isEqualTo(1);
            assertThat(count(other, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"))
                    .as("no %s on the other server", schema).isZero();
            assertThat(mesh.messages().page(room.id(), null, 10).messages()).extracting(v -> v.message().body())
                    .containsExactly("hello from " + room.slug());
        }
    }

    @Test
    @Order(2)
    @DisplayName("with equal room counts, the server whose room schemas hold fewer bytes gets the next room")
    void tieGoesToFewerBytes() throws SQLException {
        List<ShardPlacement.ServerLoad> before = mesh.shardPlacement().loads();
        assertThat(before.get(0).rooms()).isEqualTo(before.get(1).rooms());
        // make the first configured server (which wins plain ties) the heavier one
        Room heavy = mesh.roomService().createSharded(new NewRoom("heavy", "Heavy", Visibility.PUBLIC), alice.id());
        Room light = mesh.roomService().createSharded(new NewRoom("light", "Light", Visibility.PUBLIC), alice.id());
        assertThat(heavy.shardUrl()).isEqualTo(zonkyShard.url());
        assertThat(light.shardUrl()).isEqualTo(debianShard.url());
        for (int i = 0; i < 300; i++) {
            mesh.messages().send(heavy.id(), alice.id(), "weight " + i + " " + "x".repeat(200), null);
        }
        List<ShardPlacement.ServerLoad> loads = mesh.shardPlacement().loads();
        assertThat(loads.get(0).rooms()).isEqualTo(loads.get(1).rooms());
        assertThat(loads.get(0).bytes()).isGreaterThan(loads.get(1).bytes());

        Room next = mesh.roomService().createSharded(new NewRoom("next", "Next", Visibility.PUBLIC), alice.id());
        assertThat(next.shardUrl()).isEqualTo(debianShard.url());
    }

    @Test
    @Order(3)
    @DisplayName("rooms provisioned in parallel still spread evenly (shards under way count)")
    void parallelSpread() throws Exception {
        List<ShardPlacement.ServerLoad> before = mesh.shardPlacement().loads();
        long zonkyBefore = before.get(0).rooms();
        long debianBefore = before.get(1).rooms();
        // even the counts out first, so that 8 parallel rooms must split 4/4
        while (zonkyBefore != debianBefore) {
            Room filler = mesh.roomService().createSharded(new NewRoom("filler-" + zonkyBefore + "-" + debianBefore,
                    "Filler", Visibility.PUBLIC), alice.id());
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
                futures.add(pool.submit(() -> mesh.roomService().createSharded(
                        new NewRoom("parallel-" + n, "Parallel " + n, Visibility.PUBLIC), alice.id())));
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

    private DatabaseServer server(String url) {
        return Objects.equals(url, zonkyShard.url()) ? zonkyShard : debianShard;
    }

    private static long count(DatabaseServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
             PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
