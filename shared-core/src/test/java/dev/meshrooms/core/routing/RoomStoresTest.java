package dev.meshrooms.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageCursor;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.RoomRoute;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.store.postgres.PostgresRoomStore;
import dev.meshrooms.core.testing.RoundTripCounter;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("RoomStores routes each room to its data")
class RoomStoresTest {
    private MeshCore mesh;
    private User alice;
    private Room plain;
    private Room sharded;

    @BeforeAll
    void start() {
        mesh = TestMesh.start();
        alice = mesh.users().create("alice", "Alice");
        plain = mesh.roomService().create(new NewRoom("plain", "Plain room", Visibility.PUBLIC), alice.id());
        sharded =
                mesh.shardedRooms().create(new NewRoom("sharded", "Sharded room", Visibility.PUBLIC), alice.id(), null);
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    @Nested
    @DisplayName("a sharded and an unsharded room")
    class BothKinds {
        @Test
        @DisplayName("send and fetch through the same API")
        void sameApi() {
            for (Room room : List.of(plain, sharded)) {
                Message first = mesh.messages().send(room.id(), alice.id(), "hello " + room.slug(), null);
                Message reply = mesh.messages().send(room.id(), alice.id(), "reply in " + room.slug(), first.id());
                var page = mesh.messages().page(room.id(), null, 10);
                assertThat(page.messages()).extracting(v -> v.message().id()).startsWith(reply.id(), first.id());
                assertThat(page.messages().get(0).message().replyTo()).isEqualTo(first.id());
                assertThat(page.messages().get(0).author().handle()).isEqualTo("alice");
            }
        }

        @Test
        @DisplayName("keep their rows where the routing says: the shard's rows are in room_<hex>, not in mesh")
        void rowsWhereRouted() throws SQLException {
            Message inShard = mesh.messages().send(sharded.id(), alice.id(), "lives in the shard", null);
            Message inGlobal = mesh.messages().send(plain.id(), alice.id(), "lives in the global schema", null);
            String schema = RoomIds.shardSchema(sharded.id());
            assertThat(sharded.shardSchema()).isEqualTo(schema);
            assertThat(count("SELECT count(*) FROM " + schema + ".messages WHERE id = ?", inShard.id()))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM mesh.messages WHERE id = ?", inShard.id()))
                    .isZero();
            assertThat(count("SELECT count(*) FROM mesh.messages WHERE id = ?", inGlobal.id()))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM " + schema + ".messages WHERE id = ?", inGlobal.id()))
                    .isZero();
        }
    }

    @Test
    @DisplayName(
            "a shard's page costs the round trips of an unsharded room's page: its role switch goes with the query")
    void shardPageRoundTrips() throws Exception {
        for (Room room : List.of(plain, sharded)) {
            for (int i = 0; i < 12; i++) {
                mesh.messages().send(room.id(), alice.id(), "page filler " + i, null);
            }
        }
        DatabaseServer global = mesh.internals().pools().globalServer();
        URI address = URI.create(global.url().substring("jdbc:".length()));
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(1);
        config.setUsername(global.user());
        config.setPassword(global.password());
        try (RoundTripCounter relay = new RoundTripCounter(address.getHost(), address.getPort())) {
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + relay.port() + address.getPath());
            try (HikariDataSource ds = new HikariDataSource(config)) {
                Map<String, Integer> fewest = new HashMap<>();
                for (Room room : List.of(plain, sharded)) {
                    PostgresRoomStore store = new PostgresRoomStore(
                            ds, RoomRoute.of(mesh.rooms().findById(room.id()).orElseThrow()));
                    MessageCursor cursor = MessageCursor.after(
                            store.fetchPage(null, 2).messages().get(1));
                    // past pgjdbc's prepare threshold (5): prepared on the server by then, where an untyped parameter
                    // would have it described
                    for (int i = 0; i < 8; i++) {
                        assertThat(store.fetchPage(cursor, 3).messages()).hasSize(3);
                    }
                    int least = Integer.MAX_VALUE;
                    for (int i = 0; i < 3; i++) {
                        relay.take();
                        store.fetchPage(cursor, 3);
                        least = Math.min(least, relay.take());
                    }
                    fewest.put(room.slug(), least);
                }
                assertThat(fewest.get("plain")).isPositive();
                assertThat(fewest.get("sharded")).as(fewest.toString()).isEqualTo(fewest.get("plain"));
            }
        }
    }

    @Nested
    @DisplayName("isolation")
    class Isolation {
        @Test
        @DisplayName("a shard's transaction cannot read another room's schema")
        void shardRoleCannotReadOtherSchema() {
            Room other =
                    mesh.shardedRooms().create(new NewRoom("other", "Other", Visibility.PRIVATE), alice.id(), null);
            mesh.messages().send(other.id(), alice.id(), "secret", null);
            PostgresRoomStore store = (PostgresRoomStore) mesh.internals()
                    .stores()
                    .forRoom(mesh.rooms().findById(sharded.id()).orElseThrow());
            assertThatThrownBy(() -> store.inRoomTransaction(c -> count(
                            c,
                            "SELECT count(*) FROM " + RoomIds.shardSchema(other.id()) + ".messages WHERE room_id = ?",
                            other.id())))
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> store.inRoomTransaction(
                            c -> count(c, "SELECT count(*) FROM mesh.messages WHERE room_id = ?", plain.id())))
                    .hasMessageContaining("permission denied");
        }

        @Test
        @DisplayName("a forged route (another room's schema under this room's role) is refused by the database")
        void forgedRoute() {
            Room victim =
                    mesh.shardedRooms().create(new NewRoom("victim", "Victim", Visibility.PRIVATE), alice.id(), null);
            mesh.messages().send(victim.id(), alice.id(), "victim's secret", null);
            DataSource ds = mesh.internals().pools().global();
            RoomRoute forged =
                    new RoomRoute(victim.id(), null, RoomIds.shardSchema(victim.id()), RoomIds.shardRole(sharded.id()));
            assertThatThrownBy(() -> new PostgresRoomStore(ds, forged).fetchMessages(null, 10))
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> new PostgresRoomStore(ds, forged).fetchPage(null, 10))
                    .as("the pipelined role switch of the page query")
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining("permission denied");
        }

        @Test
        @DisplayName("an unsharded room's store sees only its own rows, even when asked for another room's message id")
        void globalFilteredByRoom() {
            Room neighbour =
                    mesh.roomService().create(new NewRoom("neighbour", "Neighbour", Visibility.PUBLIC), alice.id());
            Message theirs = mesh.messages().send(neighbour.id(), alice.id(), "not yours", null);
            assertThat(mesh.internals().stores().forRoom(plain.id()).findMessage(theirs.id()))
                    .isEmpty();
            assertThat(mesh.internals().stores().forRoom(plain.id()).fetchMessages(null, 1000))
                    .allSatisfy(m -> assertThat(m.roomId()).isEqualTo(plain.id()));
        }

        @Test
        @DisplayName("an unknown room id is ROOM_NOT_FOUND")
        void unknownRoom() {
            assertThatThrownBy(() -> mesh.internals().stores().forRoom(UUID.randomUUID()))
                    .isInstanceOfSatisfying(
                            MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_NOT_FOUND));
        }
    }

    @Nested
    @DisplayName("connection pools")
    class Pools {
        @Test
        @DisplayName("are per server: touching 300 rooms (half sharded) reuses one pool and stays within its size")
        void onePoolPerServer() throws SQLException {
            int before = mesh.internals().pools().poolsCreated();
            for (int i = 0; i < 300; i++) {
                Room room = i % 2 == 0
                        ? mesh.roomService()
                                .create(new NewRoom("many-" + i, "Many " + i, Visibility.PUBLIC), alice.id())
                        : mesh.rooms()
                                .create(UUID.randomUUID(), new NewRoom("many-" + i, "Many " + i, Visibility.PUBLIC));
                assertThat(mesh.internals().stores().forRoom(room.id()).countMessages())
                        .isZero();
            }
            assertThat(mesh.internals().pools().poolsCreated()).isEqualTo(before);
            assertThat(mesh.internals().stores().forRoom(plain.id()).route().serverUrl())
                    .isNull();
            try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
                    PreparedStatement st =
                            c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
                st.setString(1, databaseName());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1))
                            .isLessThanOrEqualTo(mesh.internals().pools().maxPoolSize());
                }
            }
        }

        @Test
        @DisplayName("of shard servers are cached, and the least recently used one is closed on eviction")
        void evictionCloses() {
            DatabaseServer global = mesh.internals().pools().globalServer();
            String sep = global.url().contains("?") ? "&" : "?";
            DatabaseServer viaLocalhost =
                    new DatabaseServer(global.url() + sep + "ApplicationName=first", "postgres", null);
            DatabaseServer viaIp = new DatabaseServer(global.url() + sep + "ApplicationName=second", "postgres", null);
            try (ConnectionPools pools = new ConnectionPools(global, List.of(viaLocalhost, viaIp), 2, 1)) {
                var first = (com.zaxxer.hikari.HikariDataSource) pools.forServer(viaLocalhost.url());
                assertThat(pools.forServer(viaLocalhost.url())).isSameAs(first);
                var second = (com.zaxxer.hikari.HikariDataSource) pools.forServer(viaIp.url());
                assertThat(first.isClosed()).isTrue();
                assertThat(second.isClosed()).isFalse();
                assertThat(pools.openShardPools()).isEqualTo(1);
                assertThat(pools.forServer(viaLocalhost.url())).isNotSameAs(first);
                assertThat(second.isClosed()).isTrue();
            }
        }

        @Test
        @DisplayName("refuse a shard server that is not configured")
        void unknownServer() {
            assertThatThrownBy(() -> mesh.internals().pools().forServer("jdbc:postgresql://203.0.113.9:5432/x"))
                    .isInstanceOfSatisfying(
                            MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                    .hasMessageContaining("SHARD_PG_URL_BASE");
        }
    }

    private String databaseName() {
        String url = mesh.internals().pools().globalServer().url();
        String path = url.substring(url.lastIndexOf('/') + 1);
        return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    }

    private long count(String sql, UUID id) throws SQLException {
        try (Connection c = mesh.internals().pools().global().getConnection()) {
            return count(c, sql, id);
        }
    }

    private static long count(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
