package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Identifiers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Copies a room's rows from one place to another in keyset batches: {@code COPY (SELECT ... ORDER BY keyset LIMIT n)
 * TO STDOUT} on the source snapshot, straight into {@code COPY ... FROM STDIN} on the target, one target transaction
 * and one checkpoint per batch. Rows past the last checkpoint (a batch committed on the target whose checkpoint was
 * lost with the process) are deleted before copying resumes, so no row is copied twice.
 */
final class RowCopier {
    /** Receives each finished batch: the table, the keyset of its last row and how many rows it held. */
    interface BatchDone {
        void done(RoomTable table, List<String> lastKey, long rows);
    }

    private final RoomPlace from;
    private final RoomPlace to;
    private final int batchRows;
    private final Duration throttle;

    RowCopier(RoomPlace from, RoomPlace to, int batchRows, Duration throttle) {
        this.from = from;
        this.to = to;
        this.batchRows = batchRows;
        this.throttle = throttle;
    }

    /**
     * @param source a connection in a REPEATABLE READ transaction (the copy's snapshot)
     * @param target a connection in auto-commit mode
     */
    void copy(Connection source, Connection target, RoomTable table, List<String> checkpoint, BatchDone done)
            throws SQLException, IOException, InterruptedException {
        CopyManager out = source.unwrap(PGConnection.class).getCopyAPI();
        CopyManager in = target.unwrap(PGConnection.class).getCopyAPI();
        String room = ChangeCapture.literal(from.roomId().toString());
        String src = Identifiers.quote(from.schema()) + "." + table.name();
        String dst = Identifiers.quote(to.schema()) + "." + table.name();
        boolean staged = table == RoomTable.MEDIA;
        table.checkColumns(source, from.schema());
        table.checkColumns(target, to.schema());
        trim(target, dst, table, checkpoint);
        List<String> after = checkpoint;
        while (true) {
            CopyBuffer batch = new CopyBuffer();
            long rows = out.copyOut("COPY (SELECT " + table.columnList() + " FROM " + src + " WHERE room_id = " + room
                    + "::uuid AND " + table.after(after) + " ORDER BY " + table.orderBy() + " LIMIT " + batchRows
                    + ") TO STDOUT", batch);
            if (rows == 0) {
                return;
            }
            if (staged) {
                copyMediaBatch(target, in, dst, batch);
            } else {
                in.copyIn("COPY " + dst + " (" + table.columnList() + ") FROM STDIN", batch.input());
            }
            after = batch.lastRow(table.keysetColumns());
            done.done(table, after, rows);
            if (!throttle.isZero()) {
                Thread.sleep(throttle.toMillis());
            }
        }
    }

    /**
     * Media rows go through a staging table: a media row whose message is not at the target yet (written after the
     * copy's snapshot, after a resume took a newer one) waits for catch-up instead of breaking the foreign key.
     */
    private void copyMediaBatch(Connection target, CopyManager in, String dst, CopyBuffer batch) throws SQLException, IOException {
        target.setAutoCommit(false);
        try (Statement st = target.createStatement()) {
            st.execute("CREATE TEMP TABLE mesh_move_stage (LIKE " + dst + ") ON COMMIT DROP");
            in.copyIn("COPY mesh_move_stage (" + RoomTable.MEDIA.columnList() + ") FROM STDIN", batch.input());
            st.execute("INSERT INTO " + dst + " (" + RoomTable.MEDIA.columnList() + ") SELECT " + RoomTable.MEDIA.columnList()
                    + " FROM mesh_move_stage s WHERE s.message_id IS NULL OR EXISTS (SELECT 1 FROM "
                    + Identifiers.quote(to.schema()) + ".messages m WHERE m.id = s.message_id)");
            target.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            target.rollback();
            throw e;
        } finally {
            target.setAutoCommit(true);
        }
    }

    /** Deletes the room's target rows past the checkpoint (all of them when nothing was checkpointed yet). */
    private void trim(Connection target, String dst, RoomTable table, List<String> checkpoint) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute("DELETE FROM " + dst + " WHERE room_id = " + ChangeCapture.literal(to.roomId().toString())
                    + "::uuid AND " + table.after(checkpoint));
        }
    }
}
