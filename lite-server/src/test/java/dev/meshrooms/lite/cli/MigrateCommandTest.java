package dev.meshrooms.lite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.LiteRuntime;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("mesh-lite migrate")
class MigrateCommandTest {

    @Test
    @DisplayName(
            "--dry-run names a shard schema that is behind and changes nothing; migrate brings it to the current version")
    void migratesBehindShards() throws Exception {
        Path dir = TestServers.newDataDir();
        String schema;
        try (LiteRuntime runtime = LiteRuntime.start(LiteSettings.from(Map.of(), dir, 0), false)) {
            var owner = runtime.core().users().create("owner", "Owner");
            Room room = runtime.core()
                    .shardedRooms()
                    .create(new NewRoom("behind", "Behind", Visibility.PUBLIC), owner.id());
            schema = RoomIds.shardSchema(room.id());
            // put the shard back to room version 2, as a shard made by an older build would be
            try (Connection c = runtime.core().internals().pools().global().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("DROP INDEX " + schema + ".messages_room_change_idx");
                st.execute("ALTER TABLE " + schema + ".messages DROP CONSTRAINT messages_signed_unless_deleted,"
                        + " DROP COLUMN deleted_at, DROP COLUMN change_seq, ALTER COLUMN signature SET NOT NULL");
                st.execute("ALTER TABLE " + schema + ".media DROP COLUMN width, DROP COLUMN height");
                st.execute("DELETE FROM " + schema + ".flyway_room_history WHERE version = '3'");
            }
        }

        Cli dry = Cli.run("migrate", "--dry-run", "--data-dir", dir.toString());
        assertThat(dry.exit()).isZero();
        assertThat(dry.out())
                .isEqualTo(schema + " on the global server: version 2, would go to 3\n"
                        + "1 shard schema(s) behind; run `migrate` (or start the server) to migrate them.\n");
        assertThat(newestVersion(dir, schema)).isEqualTo(2);

        Cli migrate = Cli.run("migrate", "--data-dir", dir.toString());
        assertThat(migrate.exit()).isZero();
        assertThat(migrate.out())
                .matches("1 shard schema\\(s\\) checked, 1 migrated \\(1 migrations\\) in \\d+ ms\\.\n");
        assertThat(newestVersion(dir, schema)).isEqualTo(3);

        Cli again = Cli.run("migrate", "--dry-run", "--data-dir", dir.toString());
        assertThat(again.out()).isEqualTo("Every shard schema is at the current room version; nothing to do.\n");
    }

    private static int newestVersion(Path dir, String schema) throws Exception {
        try (LiteRuntime runtime = LiteRuntime.start(LiteSettings.from(Map.of(), dir, 0), false);
                Connection c = runtime.core().internals().pools().global().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT max(version::int) FROM " + schema + ".flyway_room_history WHERE success")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
