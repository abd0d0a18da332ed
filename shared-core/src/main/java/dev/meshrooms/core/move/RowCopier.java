package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Identifiers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Copies a room's rows from one place to another in keyset batches: {@code COPY (SELECT ... ORDER BY keyset LIMIT n)
 * TO STDOUT} on the source snapshot, straight into {@code COPY ... FROM STDIN} on the target, one target transaction
 * and one checkpoint per batch. Rows past the last checkpoint (a batch committed on the target whose checkpoint was
 * lost with the process) are deleted before copying resumes, so no row is copied twice.
 */
final class RowCopier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RowCopier.class);
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
        String select = "SELECT " + table.columnList() + " FROM " + src + " WHERE room_id = " + room + "::uuid AND ";
        String suffix = " ORDER BY " + table.orderBy() + " LIMIT " + batchRows + ") TO STDOUT (FORMAT binary)";
        // reading the next batch overlaps with writing this one: one reader thread, at most two batches in hand
        BlockingQueue<Object> batches = new ArrayBlockingQueue<>(2);
        AtomicLong readNanos = new AtomicLong();
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "move-reader-" + table.name()));
        reader.submit(() -> {
            try {
                List<String> after = checkpoint;
                while (true) {
                    long t0 = System.nanoTime();
                    CopyBuffer batch = new CopyBuffer();
                    long rows = out.copyOut("COPY (" + select + table.after(after) + suffix, batch);
                    readNanos.addAndGet(System.nanoTime() - t0);
                    if (rows == 0) {
                        batches.put(END);
                        return null;
                    }
                    after = batch.lastRowBinary(table.keysetColumns(), table.keysetTypes());
                    batches.put(new Batch(batch, rows, after));
                }
            } catch (Exception | Error e) {
                batches.offer(e);
                return null;
            }
        });
        long writeNanos = 0;
        long total = 0;
        try {
            while (true) {
                Object next = batches.take();
                if (next == END) {
                    break;
                }
                if (next instanceof Exception e) {
                    if (e instanceof SQLException sql) {
                        throw sql;
                    }
                    throw new IOException("reading a batch of " + table.name() + " failed: " + e.getMessage(), e);
                }
                if (next instanceof Error e) {
                    throw e;
                }
                Batch batch = (Batch) next;
                long t1 = System.nanoTime();
                if (staged) {
                    copyMediaBatch(target, in, dst, batch.rows());
                } else {
                    in.copyIn(
                            "COPY " + dst + " (" + table.columnList() + ") FROM STDIN (FORMAT binary)",
                            batch.rows().input());
                }
                writeNanos += System.nanoTime() - t1;
                total += batch.count();
                done.done(table, batch.lastKey(), batch.count());
                if (!throttle.isZero()) {
                    Thread.sleep(throttle.toMillis());
                }
            }
        } finally {
            reader.shutdownNow();
            reader.awaitTermination(60, TimeUnit.SECONDS); // the source connection is used by it until then
        }
        LOG.info(
                "copied {} rows of {} to {}: reading {} ms, writing {} ms (overlapping)",
                total,
                table.name(),
                to.schema(),
                readNanos.get() / 1_000_000,
                writeNanos / 1_000_000);
    }

    private static final Object END = new Object();

    private record Batch(CopyBuffer rows, long count, List<String> lastKey) {}

    /**
     * Media rows go through a staging table: a media row whose message is not at the target yet (written after the
     * copy's snapshot, after a resume took a newer one) waits for catch-up instead of breaking the foreign key.
     */
    private void copyMediaBatch(Connection target, CopyManager in, String dst, CopyBuffer batch)
            throws SQLException, IOException {
        target.setAutoCommit(false);
        try (Statement st = target.createStatement()) {
            st.execute("CREATE TEMP TABLE mesh_move_stage (LIKE " + dst + ") ON COMMIT DROP");
            in.copyIn(
                    "COPY mesh_move_stage (" + RoomTable.MEDIA.columnList() + ") FROM STDIN (FORMAT binary)",
                    batch.input());
            st.execute("INSERT INTO " + dst + " (" + RoomTable.MEDIA.columnList() + ") SELECT "
                    + RoomTable.MEDIA.columnList()
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
            st.execute("DELETE FROM " + dst + " WHERE room_id = "
                    + ChangeCapture.literal(to.roomId().toString()) + "::uuid AND " + table.after(checkpoint));
        }
    }
}
