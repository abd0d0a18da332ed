package dev.meshrooms.core.shard;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.model.ShardLocation;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code mesh.room_shards}: each room's provisioned shard and what was applied to it, kept in the global schema so a
 * resumed provisioning finds the server it chose before, and so the room records what its storage got.
 */
public final class ShardRecords {
    private final DataSource global;

    public ShardRecords(DataSource global) {
        this.global = global;
    }

    /** The room's recorded shard (complete or still being provisioned). */
    public Optional<ShardLocation> find(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT shard_url, shard_schema, shard_role, media_bucket,"
                    + " kms_key_arn, applied FROM mesh.room_shards WHERE room_id = ?")) {
                st.setObject(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Array applied = rs.getArray(6);
                    return Optional.of(new ShardLocation(
                            roomId,
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            new HashSet<>(Arrays.asList((String[]) applied.getArray()))));
                }
            }
        });
    }

    /** Records the server chosen for a room before anything is created there; {@code false} if one was recorded. */
    public boolean reserve(UUID roomId, String serverUrl, String schema, String role) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("INSERT INTO mesh.room_shards (room_id, shard_url, shard_schema,"
                            + " shard_role) VALUES (?, ?, ?, ?) ON CONFLICT (room_id) DO NOTHING")) {
                st.setObject(1, roomId);
                st.setString(2, serverUrl);
                st.setString(3, schema);
                st.setString(4, role);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Records the finished shard: bucket, key and what was applied. */
    public void complete(ShardLocation location) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE mesh.room_shards SET media_bucket = ?, kms_key_arn = ?,"
                            + " applied = ?, complete = true, updated_at = now() WHERE room_id = ?")) {
                st.setString(1, location.bucket());
                st.setString(2, location.kmsKeyArn());
                st.setArray(
                        3,
                        c.createArrayOf(
                                "text", location.applied().stream().sorted().toArray()));
                st.setObject(4, location.roomId());
                st.executeUpdate();
                return null;
            }
        });
    }

    /** Whether the room's provisioning finished (a record that is not complete belongs to one under way or failed). */
    public boolean isComplete(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT complete FROM mesh.room_shards WHERE room_id = ?")) {
                st.setObject(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /**
     * Forgets a room's shard: the record, and the room's shard columns unless routing still points there (then the
     * room keeps them; deprovisioning refuses such a room before it gets here).
     */
    public void forget(UUID roomId) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.room_shards WHERE room_id = ?");
                    PreparedStatement room =
                            c.prepareStatement("UPDATE mesh.rooms SET shard_url = NULL, shard_schema = NULL,"
                                    + " media_bucket = NULL, kms_key_arn = NULL WHERE id = ? AND NOT is_sharded")) {
                st.setObject(1, roomId);
                st.executeUpdate();
                room.setObject(1, roomId);
                room.executeUpdate();
                return null;
            }
        });
    }
}
