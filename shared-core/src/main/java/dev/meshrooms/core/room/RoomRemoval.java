package dev.meshrooms.core.room;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.RoomMedia;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.ShardLocation;
import java.sql.PreparedStatement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a room from this instance for good: its messages, media rows, members, invites and import record in one
 * transaction, then its files. A room in a shard of its own loses its directory entry (and with it its members,
 * invites and shard record) in that transaction, then its shard: schema, role, bucket with its files, and key.
 */
public final class RoomRemoval {
    private static final Logger LOG = LoggerFactory.getLogger(RoomRemoval.class);
    private final DataSource global;
    private final MediaStore store;
    private final RoomMedia media;
    private final Consumer<ShardLocation> shards;

    /** @param shards removes a shard no room is routed to any more (the instance's shard provisioner) */
    public RoomRemoval(DataSource global, MediaStore store, RoomMedia media, Consumer<ShardLocation> shards) {
        this.global = global;
        this.store = store;
        this.media = media;
        this.shards = shards;
    }

    public void remove(Room room) {
        if (room.isSharded()) {
            removeSharded(room);
            return;
        }
        Transactions.inTransaction(global, c -> {
            for (String sql : new String[] {
                "DELETE FROM mesh.media WHERE room_id = ?",
                "DELETE FROM mesh.messages WHERE room_id = ?",
                "DELETE FROM mesh.import_history WHERE room_id = ?",
                "DELETE FROM mesh.rooms WHERE id = ?"
            }) {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    st.setObject(1, room.id());
                    st.executeUpdate();
                }
            }
            return null;
        });
        try {
            store.deleteAll(media.sharedBucket(), media.sharedStorageKey(room.id(), ""));
        } catch (RuntimeException e) {
            LOG.warn("room {} is removed but some of its files were not: {}", room.slug(), e.getMessage());
        }
    }

    /** The entry first (no route leads to the shard after it), then the shard itself. */
    private void removeSharded(Room room) {
        int removed = Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.import_history WHERE room_id = ?")) {
                st.setObject(1, room.id());
                st.executeUpdate();
            }
            // only a room at rest: a move or an import under way keeps its room
            try (PreparedStatement st = c.prepareStatement(
                    "DELETE FROM mesh.rooms WHERE id = ? AND is_sharded AND state IN ('active', 'archived')")) {
                st.setObject(1, room.id());
                return st.executeUpdate();
            }
        });
        if (removed != 1) {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "Room " + room.slug() + " is being moved or imported right now; remove it once that has ended.");
        }
        ShardLocation shard = new ShardLocation(
                room.id(),
                room.shardUrl(),
                room.shardSchema(),
                null,
                room.mediaBucket(),
                room.kmsKeyArn(),
                java.util.Set.of());
        try {
            shards.accept(shard);
        } catch (RuntimeException e) {
            LOG.warn(
                    "room {} is removed but its shard was not (schema {}, bucket {}): {}",
                    room.slug(),
                    room.shardSchema(),
                    room.mediaBucket(),
                    e.getMessage());
        }
    }
}
