package dev.meshrooms.core.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.shard.aws.AwsShardStorage;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.core.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("RoomShardProvisioner on embedded PostgreSQL and the embedded S3 store")
class ShardProvisionerTest {
    private static final String PRINCIPAL = "arn:aws:iam::111122223333:role/mesh-room-{roomId}";
    private final ShardSettings settings = new ShardSettings("mesh-room-", PRINCIPAL, false, null, 7);
    private DatabaseServer db;
    private MeshCore mesh;
    private ShardStorage probe;
    private User alice;

    @BeforeAll
    void start() {
        db = TestPostgres.newDatabase();
        mesh = TestMesh.start(db, List.of(), AwsShardStorage.connect(TestS3.settings(), settings));
        probe = AwsShardStorage.connect(TestS3.settings(), ShardSettings.defaults());
        alice = mesh.users().create("alice", "Alice");
    }

    @AfterAll
    void stop() {
        probe.close();
        mesh.close();
    }

    private Room newRoom(String slug) {
        return mesh.roomService().create(new NewRoom(slug, "Room " + slug, Visibility.PUBLIC), alice.id());
    }

    @Nested
    @DisplayName("provision")
    class Provision {
        @Test
        @DisplayName("creates schema, role and bucket, and records exactly what the embedded store supports")
        void createsEverything() throws SQLException {
            Room room = newRoom("fresh");
            ShardLocation shard = mesh.internals().roomShardProvisioner().provision(room.id());

            assertThat(shard.serverUrl()).isNull();
            assertThat(shard.schema()).isEqualTo(RoomIds.shardSchema(room.id()));
            assertThat(shard.role()).isEqualTo(RoomIds.shardRole(room.id()));
            assertThat(shard.bucket()).isEqualTo("mesh-room-" + room.id()).hasSizeLessThanOrEqualTo(63);
            assertThat(shard.kmsKeyArn()).isNull();
            // s3proxy answers 501 to policy and tagging, and there is no KMS: only schema and bucket were applied
            assertThat(shard.applied()).containsExactlyInAnyOrder(ShardFeatures.SCHEMA, ShardFeatures.BUCKET);
            assertThat(schemaExists(room.id())).isTrue();
            assertThat(roleExists(room.id())).isTrue();
            assertThat(count("SELECT count(*) FROM " + shard.schema() + ".flyway_room_history WHERE success"))
                    .isPositive();
            assertThat(probe.buckets().exists(shard.bucket())).isTrue();
            assertThat(mesh.internals().roomShardProvisioner().find(room.id())).contains(shard);
            assertThat(text("SELECT array_to_string(applied, ',') FROM mesh.room_shards WHERE room_id = '" + room.id()
                            + "' AND complete"))
                    .isEqualTo("bucket,schema");
            // routing is not switched: that is the decentralise job's last step
            Room after = mesh.rooms().findById(room.id()).orElseThrow();
            assertThat(after.isSharded()).isFalse();
            assertThat(after.mediaBucket()).isNull();
        }

        @Test
        @DisplayName("is idempotent: a second run, and a run after a half-finished one, finish with the same shard")
        void idempotent() {
            Room room = newRoom("twice");
            ShardLocation first = mesh.internals().roomShardProvisioner().provision(room.id());
            ShardLocation again = mesh.internals().roomShardProvisioner().provision(room.id());
            assertThat(again).isEqualTo(first);

            // the bucket lost (a run that stopped before it): the next run makes it again
            probe.buckets().deleteWithObjects(first.bucket());
            assertThat(probe.buckets().exists(first.bucket())).isFalse();
            assertThat(mesh.internals().roomShardProvisioner().provision(room.id()))
                    .isEqualTo(first);
            assertThat(probe.buckets().exists(first.bucket())).isTrue();
        }

        @Test
        @DisplayName("that fails half-way leaves no schema, role, bucket or record behind")
        void rollsBack() throws SQLException {
            Room room = newRoom("doomed");
            RoomShardProvisioner failing = failingProvisioner();
            assertThatThrownBy(() -> failing.provision(room.id()))
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining("injected failure");

            assertThat(schemaExists(room.id())).isFalse();
            assertThat(roleExists(room.id())).isFalse();
            assertThat(probe.buckets().exists(settings.bucketOf(room.id()))).isFalse();
            assertThat(mesh.internals().roomShardProvisioner().find(room.id())).isEmpty();
            // and a retry with a healthy store finishes
            assertThat(mesh.internals()
                            .roomShardProvisioner()
                            .provision(room.id())
                            .applied())
                    .contains(ShardFeatures.BUCKET);
        }

        @Test
        @DisplayName("that fails on a retry keeps what an earlier run made")
        void rollbackKeepsEarlierWork() throws SQLException {
            Room room = newRoom("earlier");
            ShardLocation shard = mesh.internals().roomShardProvisioner().provision(room.id());
            assertThatThrownBy(() -> failingProvisioner().provision(room.id())).isInstanceOf(MeshException.class);
            assertThat(schemaExists(room.id())).isTrue();
            assertThat(probe.buckets().exists(shard.bucket())).isTrue();
            assertThat(mesh.internals().roomShardProvisioner().find(room.id())).contains(shard);
        }

        @Test
        @DisplayName("refuses a room that does not exist")
        void unknownRoom() {
            UUID ghost = UUID.randomUUID();
            assertThatThrownBy(() -> mesh.internals().roomShardProvisioner().provision(ghost))
                    .isInstanceOf(MeshException.class)
                    .extracting(e -> ((MeshException) e).code())
                    .isEqualTo(ErrorCode.ROOM_NOT_FOUND);
        }

        private RoomShardProvisioner failingProvisioner() {
            ShardStorage failing = new ShardStorage(new FailingBuckets(probe.buckets()), null, settings, null);
            return new RoomShardProvisioner(
                    mesh.rooms(),
                    mesh.internals().shardSchemas(),
                    mesh.internals().placement(),
                    new ShardRecords(mesh.internals().pools().global()),
                    failing);
        }
    }

    @Nested
    @DisplayName("deprovision")
    class Deprovision {
        @Test
        @DisplayName("removes schema, role, the bucket with its objects, and the record; a second run is a no-op")
        void removesEverything() throws SQLException {
            Room room = newRoom("gone");
            ShardLocation shard = mesh.internals().roomShardProvisioner().provision(room.id());
            mesh.internals()
                    .mediaStore()
                    .put(shard.bucket(), "a/b.txt", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "text/plain");

            mesh.internals().roomShardProvisioner().deprovision(shard);

            assertThat(schemaExists(room.id())).isFalse();
            assertThat(roleExists(room.id())).isFalse();
            assertThat(probe.buckets().exists(shard.bucket())).isFalse();
            assertThat(mesh.internals().roomShardProvisioner().find(room.id())).isEmpty();
            mesh.internals().roomShardProvisioner().deprovision(shard);
            assertThat(mesh.rooms().findById(room.id())).isPresent();
        }

        @Test
        @DisplayName("refuses a room whose routing still points at the shard")
        void refusesRoutedRoom() throws SQLException {
            Room room = mesh.shardedRooms().create(new NewRoom("routed", "Routed", Visibility.PUBLIC), alice.id());
            ShardLocation shard =
                    mesh.internals().roomShardProvisioner().find(room.id()).orElseThrow();
            assertThatThrownBy(() -> mesh.internals().roomShardProvisioner().deprovision(shard))
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining("recentralise")
                    .extracting(e -> ((MeshException) e).code())
                    .isEqualTo(ErrorCode.CONFLICT);
            assertThat(schemaExists(room.id())).isTrue();
        }
    }

    @Test
    @DisplayName("a room created sharded is provisioned in full and routed: its messages land in room_<hex>")
    void createdSharded() throws SQLException {
        Room room =
                mesh.shardedRooms().create(new NewRoom("born-sharded", "Born sharded", Visibility.PUBLIC), alice.id());
        assertThat(room.isSharded()).isTrue();
        assertThat(room.mediaBucket()).isEqualTo("mesh-room-" + room.id());
        Message message = mesh.messages().send(room.id(), alice.id(), "in my own schema", null);
        assertThat(count("SELECT count(*) FROM " + RoomIds.shardSchema(room.id()) + ".messages WHERE id = '"
                        + message.id() + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM mesh.messages WHERE id = '" + message.id() + "'"))
                .isZero();
        assertThat(mesh.internals()
                        .roomShardProvisioner()
                        .find(room.id())
                        .orElseThrow()
                        .applied())
                .isEqualTo(Set.of(ShardFeatures.SCHEMA, ShardFeatures.BUCKET));
    }

    private boolean schemaExists(UUID roomId) throws SQLException {
        return count("SELECT count(*) FROM pg_namespace WHERE nspname = '" + RoomIds.shardSchema(roomId) + "'") == 1;
    }

    private boolean roleExists(UUID roomId) throws SQLException {
        return count("SELECT count(*) FROM pg_roles WHERE rolname = '" + RoomIds.shardRole(roomId) + "'") == 1;
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
