package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.db.SharedSnapshots;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * A room's messages into a fresh shard on the server of their source: the rows never leave the server. One transaction
 * on the target reads through the copy's snapshot (exported by the source's transaction), empties the shard's tables
 * first — a table whose file is new in the transaction is written without WAL on a server with {@code
 * wal_level=minimal}, the embedded default, and synced at its commit instead (on other servers it is logged as any
 * load) — and fills it with {@code INSERT … SELECT} in slices of the room's time range, half-open, so that every row
 * is in exactly one; progress is reported after each slice. Nothing is committed before the last: a stopped or crashed
 * copy begins again, and the table's checkpoint (its last row's key) is written once it has committed.
 */
final class InServerCopy {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InServerCopy.class);
    /** Slices of one copy, unless they would hold more than {@link #MAX_SLICE_ROWS} each. */
    static final int MAX_SLICES = 10;
    /**
     * The most rows of one slice, by the room's size as the copy was told it (a count, or the planner's estimate for a
     * big room): the copy looks at its stop signal, and reports progress, about this often.
     */
    static final long MAX_SLICE_ROWS = 250_000;

    private final RoomPlace from;
    private final RoomPlace to;
    private final int sliceRows;
    private final Duration throttle;

    /**
     * @param sliceRows the move's batch size: the copy makes as many slices as it calls for, at most {@link
     *                  #MAX_SLICES} unless slices of about {@link #MAX_SLICE_ROWS} rows need more (the slices are equal
     *                  parts of the room's time range, so their rows vary with how busy the room was)
     */
    InServerCopy(RoomPlace from, RoomPlace to, int sliceRows, Duration throttle) {
        if (to.isGlobal()) {
            throw new IllegalArgumentException("an in-server copy fills a fresh shard, not the global schema");
        }
        this.from = from;
        this.to = to;
        this.sliceRows = sliceRows;
        this.throttle = throttle;
    }

    /**
     * Copies the room's messages, committed as one; returns the key of the last row in the copy's order (the
     * checkpoint the streamed copy would have written), or null for a room without messages.
     *
     * @param source   a connection in the copy's REPEATABLE READ transaction
     * @param target   a connection to the same server, in auto-commit mode
     * @param messages how many messages the room has in the copy's snapshot (to cut the slices)
     * @param progress receives the rows of each slice (not committed yet)
     */
    List<String> copyMessages(Connection source, Connection target, long messages, LongConsumer progress)
            throws SQLException, InterruptedException {
        RoomTable table = RoomTable.MESSAGES;
        table.checkColumns(source, from.schema());
        table.checkColumns(target, to.schema());
        String src = Identifiers.quote(from.schema()) + ".messages";
        String dst = Identifiers.quote(to.schema()) + ".messages";
        String room = "room_id = " + ChangeCapture.literal(from.roomId().toString()) + "::uuid";
        String snapshot = SharedSnapshots.export(source);
        long started = System.nanoTime();
        long total = 0;
        List<String> last;
        target.setAutoCommit(false);
        try {
            SharedSnapshots.join(target, snapshot, false);
            try (Statement st = target.createStatement()) {
                st.execute("TRUNCATE " + Identifiers.quote(to.schema()) + ".media, " + dst);
            }
            List<OffsetDateTime> bounds = bounds(target, src, room, messages);
            String insert = "INSERT INTO " + dst + " (" + table.columnList() + ") SELECT " + table.columnList()
                    + " FROM " + src + " WHERE " + room;
            // newest slice first, each in the time index's order: the heap is then that index's order, and building
            // the index later finds its sort already done
            for (int i = bounds.size(); i >= 0; i--) {
                String sql = insert
                        + (i > 0 ? " AND created_at >= ?" : "")
                        + (i < bounds.size() ? " AND created_at < ?" : "")
                        + " ORDER BY created_at DESC, id DESC";
                try (PreparedStatement st = target.prepareStatement(sql)) {
                    int p = 1;
                    if (i > 0) {
                        st.setObject(p++, bounds.get(i - 1));
                    }
                    if (i < bounds.size()) {
                        st.setObject(p, bounds.get(i));
                    }
                    long rows = st.executeUpdate();
                    total += rows;
                    progress.accept(rows);
                }
                if (!throttle.isZero()) {
                    Thread.sleep(throttle.toMillis());
                }
            }
            last = lastKey(target, src, room);
            target.commit();
        } catch (SQLException | InterruptedException | RuntimeException e) {
            try {
                target.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            target.setAutoCommit(true);
        }
        LOG.info(
                "copied {} rows of messages to {} inside the server in {} ms (one transaction)",
                total,
                to.schema(),
                (System.nanoTime() - started) / 1_000_000);
        return last;
    }

    /**
     * The times that cut the room's messages into slices (none: one slice), equal parts of its time range: as many as
     * {@link #sliceRows} calls for, at most {@value #MAX_SLICES} unless {@value #MAX_SLICE_ROWS} rows a slice needs
     * more.
     */
    private List<OffsetDateTime> bounds(Connection target, String src, String room, long rows) throws SQLException {
        long byBatch = Math.min(MAX_SLICES, (rows + sliceRows - 1) / sliceRows);
        long byLimit = (rows + MAX_SLICE_ROWS - 1) / MAX_SLICE_ROWS;
        int slices = (int) Math.min(100_000, Math.max(1, Math.max(byBatch, byLimit)));
        List<OffsetDateTime> bounds = new ArrayList<>();
        if (slices == 1) {
            return bounds;
        }
        try (PreparedStatement st = target.prepareStatement("SELECT r.lo + (r.hi - r.lo) * i / ? FROM (SELECT"
                + " min(created_at) AS lo, max(created_at) AS hi FROM " + src + " WHERE " + room
                + ") r, generate_series(1, ? - 1) AS i ORDER BY i")) {
            st.setInt(1, slices);
            st.setInt(2, slices);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    bounds.add(rs.getObject(1, OffsetDateTime.class));
                }
            }
        }
        return bounds;
    }

    /** The key of the room's last message in the copy's order, as checkpoints write it. */
    private static List<String> lastKey(Connection target, String src, String room) throws SQLException {
        try (Statement st = target.createStatement();
                ResultSet rs = st.executeQuery("SELECT created_at, id FROM " + src + " WHERE " + room
                        + " ORDER BY created_at DESC, id DESC LIMIT 1")) {
            if (!rs.next()) {
                return null;
            }
            return List.of(
                    rs.getObject(1, OffsetDateTime.class).toInstant().toString(),
                    rs.getObject(2, UUID.class).toString());
        }
    }
}
