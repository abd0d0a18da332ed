package dev.meshrooms.core.shard;

import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.testing.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A room migration one version past the newest this build ships, written to a temp directory so a test or benchmark
 * can migrate shards to "a new version" without a file in {@code db/room} (which would change the real set).
 */
public record NextRoomMigration(Path directory, int version) {

    public static NextRoomMigration write() {
        try {
            Path dir = TempDirs.create("mesh-next-room-migration");
            int version = Migrations.ROOM_SCHEMA_VERSION + 1;
            Files.writeString(dir.resolve("V" + version + "__pinned_messages.sql"), """
                    -- test-only: what a next room migration could look like (a column and a partial index)
                    ALTER TABLE messages ADD COLUMN pinned_at timestamptz;
                    CREATE INDEX messages_pinned_idx ON messages (room_id, pinned_at) WHERE pinned_at IS NOT NULL;
                    """);
            return new NextRoomMigration(dir, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Flyway location of the room set plus this migration. */
    public java.util.List<String> locations() {
        return java.util.List.of(Migrations.ROOM_LOCATION, "filesystem:" + directory);
    }
}
