package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.MediaTransfer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Brings the target up to date with rows written at the source since the copy began. Each pass reads, on one
 * snapshot of the source, the rows named in the change table by transactions with an id at least {@code from}, and
 * upserts them at the target (or deletes them there when they are gone at the source); media rows bring their
 * objects. Applying a change twice changes nothing, so passes may overlap. The next pass starts at this snapshot's
 * xmin: a transaction not visible now has an id at least that, whatever order transactions commit in.
 */
final class CatchUp {
    private static final int CHUNK = 2000;
    private final RoomPlace from;
    private final RoomPlace to;
    private final DataSource source;
    private final DataSource target;
    private final MediaStore store;
    private final ChangeCapture capture;

    record Pass(long applied, long nextFrom) {}

    CatchUp(RoomPlace from, RoomPlace to, DataSource source, DataSource target, MediaStore store) {
        this.from = from;
        this.to = to;
        this.source = source;
        this.target = target;
        this.store = store;
        this.capture = new ChangeCapture(from);
    }

    /** One pass on connections of its own, taken from the move pools and given back after it. */
    Pass run(long fromXid) throws SQLException, IOException {
        try (Connection src = source.getConnection();
                Connection dst = target.getConnection()) {
            return run(fromXid, src, dst, FenceBudget.unlimited());
        }
    }

    /**
     * One pass on connections the caller holds (the fence's, taken before it was raised), within {@code budget}: its
     * statements are limited to the time left and it stops with {@link FenceBudget.Exceeded} when time is up.
     */
    Pass run(long fromXid, Connection src, Connection dst, FenceBudget budget) throws SQLException, IOException {
        src.setAutoCommit(false);
        try {
            try (Statement st = src.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                st.execute("SET LOCAL TimeZone = 'UTC'");
            }
            budget.limit(src);
            long next = ChangeCapture.snapshotXmin(src);
            List<UUID> messages = new ArrayList<>();
            List<UUID> media = new ArrayList<>();
            try (PreparedStatement st = src.prepareStatement(capture.changesSql())) {
                st.setString(1, Long.toString(fromXid));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        (RoomTable.MESSAGES.name().equals(rs.getString(1)) ? messages : media)
                                .add(rs.getObject(2, UUID.class));
                    }
                }
            }
            for (int i = 0; i < messages.size(); i += CHUNK) {
                apply(src, dst, RoomTable.MESSAGES, messages.subList(i, Math.min(messages.size(), i + CHUNK)), budget);
            }
            for (int i = 0; i < media.size(); i += CHUNK) {
                apply(src, dst, RoomTable.MEDIA, media.subList(i, Math.min(media.size(), i + CHUNK)), budget);
            }
            src.commit();
            return new Pass(messages.size() + media.size(), next);
        } finally {
            if (!src.getAutoCommit()) {
                src.rollback();
                src.setAutoCommit(true);
            }
        }
    }

    private void apply(Connection src, Connection dst, RoomTable table, List<UUID> ids, FenceBudget budget)
            throws SQLException, IOException {
        budget.check();
        String ids36 =
                ids.stream().map(UUID::toString).reduce((a, b) -> a + "," + b).orElseThrow();
        String room = ChangeCapture.literal(from.roomId().toString());
        CopyBuffer rows = new CopyBuffer();
        src.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyOut(
                        "COPY (SELECT " + table.columnList() + " FROM "
                                + Identifiers.quote(from.schema()) + "." + table.name() + " WHERE room_id = " + room
                                + "::uuid AND id = ANY ('{"
                                + ids36 + "}'::uuid[])) TO STDOUT",
                        rows);
        String dstTable = Identifiers.quote(to.schema()) + "." + table.name();
        dst.setAutoCommit(false);
        try (Statement st = dst.createStatement()) {
            budget.limit(dst);
            st.execute("CREATE TEMP TABLE mesh_move_stage (LIKE " + dstTable + ") ON COMMIT DROP");
            dst.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY mesh_move_stage (" + table.columnList() + ") FROM STDIN", rows.input());
            if (table == RoomTable.MEDIA) {
                copyObjects(st, budget);
            }
            String filter = table == RoomTable.MEDIA
                    ? " WHERE s.message_id IS NULL OR EXISTS (SELECT 1 FROM " + Identifiers.quote(to.schema())
                            + ".messages m WHERE m.id = s.message_id)"
                    : "";
            st.execute("INSERT INTO " + dstTable + " (" + table.columnList() + ") SELECT " + table.columnList()
                    + " FROM mesh_move_stage s" + filter + " " + table.onConflictUpdate());
            st.execute("DELETE FROM " + dstTable + " t WHERE t.room_id = " + room + "::uuid AND t.id = ANY ('{" + ids36
                    + "}'::uuid[]) AND NOT EXISTS (SELECT 1 FROM mesh_move_stage s WHERE s.id = t.id)");
            dst.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            dst.rollback();
            throw e;
        } finally {
            dst.setAutoCommit(true);
        }
    }

    /** The objects of staged media rows go first, so a row never points at an object that is not there. */
    private void copyObjects(Statement st, FenceBudget budget) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT object_key, size, content_type FROM mesh_move_stage")) {
            while (rs.next()) {
                budget.check();
                String key = rs.getString(1);
                MediaTransfer.copy(
                        store,
                        from.bucket(),
                        from.storageKey(key),
                        store,
                        to.bucket(),
                        to.storageKey(key),
                        rs.getLong(2),
                        rs.getString(3));
            }
        }
    }
}
