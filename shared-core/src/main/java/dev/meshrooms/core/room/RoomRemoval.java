package dev.meshrooms.core.room;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.RoomMedia;
import dev.meshrooms.core.model.Room;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a room from this instance for good: its messages, media rows, members, invites and import record in one
 * transaction, then its files. A room in a shard of its own is re-centralised first (its shard holds its rows).
 */
public final class RoomRemoval {
    private static final Logger LOG = LoggerFactory.getLogger(RoomRemoval.class);
    private final DataSource global;
    private final MediaStore store;
    private final RoomMedia media;

    public RoomRemoval(DataSource global, MediaStore store, RoomMedia media) {
        this.global = global;
        this.store = store;
        this.media = media;
    }

    public void remove(Room room) {
        if (room.isSharded()) {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "Room " + room.slug() + " lives in a shard of its own; re-centralise it first, then remove it.");
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
}
