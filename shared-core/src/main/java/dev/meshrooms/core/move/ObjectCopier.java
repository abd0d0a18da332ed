package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.MediaTransfer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Copies the objects of a room's media rows to the target bucket, in object-key order with a checkpoint per batch.
 * Inside one store the store copies them itself (CopyObject); copying an object twice is harmless, so a resumed
 * job simply continues after its checkpoint. Objects of rows written later come with catch-up.
 */
final class ObjectCopier {
    private static final int BATCH = 200;

    interface BatchDone {
        void done(String lastKey, long bytes);
    }

    private final RoomPlace from;
    private final RoomPlace to;
    private final DataSource source;
    private final MediaStore store;
    private final Duration throttle;

    ObjectCopier(RoomPlace from, RoomPlace to, DataSource source, MediaStore store, Duration throttle) {
        this.from = from;
        this.to = to;
        this.source = source;
        this.store = store;
        this.throttle = throttle;
    }

    private record Item(String key, long size, String contentType) {}

    void copy(String checkpoint, BatchDone done) throws SQLException, InterruptedException {
        store.ensureBucket(to.bucket());
        String after = checkpoint;
        while (true) {
            List<Item> items = next(after);
            if (items.isEmpty()) {
                return;
            }
            long bytes = 0;
            for (Item item : items) {
                MediaTransfer.copy(
                        store,
                        from.bucket(),
                        from.storageKey(item.key()),
                        store,
                        to.bucket(),
                        to.storageKey(item.key()),
                        item.size(),
                        item.contentType());
                bytes += item.size();
            }
            after = items.get(items.size() - 1).key();
            done.done(after, bytes);
            if (!throttle.isZero()) {
                Thread.sleep(throttle.toMillis());
            }
        }
    }

    private List<Item> next(String after) throws SQLException {
        try (Connection c = source.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT object_key, size, content_type FROM " + Identifiers.quote(from.schema())
                                + ".media WHERE room_id = ? AND object_key > ? ORDER BY object_key LIMIT " + BATCH)) {
            st.setObject(1, from.roomId());
            st.setString(2, after == null ? "" : after);
            List<Item> items = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    items.add(new Item(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
            return items;
        }
    }
}
