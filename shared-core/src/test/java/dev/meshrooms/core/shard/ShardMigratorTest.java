package dev.meshrooms.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ShardMigrator")
class ShardMigratorTest {
    @Test
    @DisplayName(
            "migrates every shard schema to a new version, each with its own history, and a re-run has nothing left to do")
    void migratesAll() throws SQLException {
        DatabaseServer db = TestPostgres.newDatabase();
        try (MeshCore mesh = TestMesh.start(db, List.of(), 10)) {
            User alice = mesh.users().create("alice", "Alice");
            List<Room> rooms = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rooms.add(mesh.shardedRooms().create(new NewRoom("m" + i, "M" + i, Visibility.PUBLIC), alice.id()));
            }
            mesh.messages().send(rooms.get(0).id(), alice.id(), "before the migration", null);
            // a schema whose provisioning was killed between making it and migrating it: left to its provisioning
            String unfinished = RoomIds.shardSchema(java.util.UUID.randomUUID());
            try (java.sql.Connection c = mesh.internals().pools().global().getConnection();
                    java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + unfinished);
            }
            NextRoomMigration next = NextRoomMigration.write();

            ShardMigrator.Report report = mesh.internals()
                    .shardMigrator(3)
                    .withLocations(next.locations())
                    .migrateAll()
                    .requireSuccess();

            assertThat(report.schemas())
                    .as("the unfinished schema is not among them")
                    .isEqualTo(5);
            assertThat(report.migrated()).isEqualTo(5);
            assertThat(report.migrationsExecuted()).isEqualTo(5);
            for (Room room : rooms) {
                String schema = RoomIds.shardSchema(room.id());
                assertThat(query(db, "SELECT max(version::int) FROM " + schema + ".flyway_room_history WHERE success"))
                        .isEqualTo(next.version());
                assertThat(query(
                                db,
                                "SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + schema
                                        + "' AND table_name = 'messages' AND column_name = 'pinned_at'"))
                        .isEqualTo(1);
            }
            // the global schema's room set is not a shard: untouched
            assertThat(query(
                            db,
                            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'mesh'"
                                    + " AND column_name = 'pinned_at'"))
                    .isZero();
            // the room still works through its role after the migration (default privileges cover the change)
            assertThat(mesh.messages().page(rooms.get(0).id(), null, 10).messages())
                    .hasSize(1);

            ShardMigrator.Report again = mesh.internals()
                    .shardMigrator(3)
                    .withLocations(next.locations())
                    .migrateAll();
            assertThat(again.migrated()).isZero();
            assertThat(again.failures()).isEmpty();
        }
    }

    private static int query(DatabaseServer db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
