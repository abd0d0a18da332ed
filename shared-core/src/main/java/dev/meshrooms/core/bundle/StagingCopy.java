package dev.meshrooms.core.bundle;

import dev.meshrooms.core.error.MeshException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The rows of one db.sql COPY block on their way into a staging table, through one COPY or several open at once on
 * connections of their own. Rows go in CopyData messages of up to 64 KiB, not one (or two) per row; with several
 * COPYs, each message goes to the next in turn, so that as many server processes parse and store the rows while this
 * thread reads on (one server process takes a row several times longer than the reading does). The rows' order in the
 * table is then no longer the file's, which a staging table does not need: nothing reads it in its physical order.
 */
final class StagingCopy implements DbSqlReader.RowSink {
    /** What a COPY's failure becomes (the bundle's rows, refused by PostgreSQL). */
    interface Refusal {
        MeshException of(SQLException e);
    }

    private static final byte[] NEWLINE = {'\n'};

    private final List<CopyIn> copies;
    private final Runnable beforeEachMessage;
    private final Refusal refusal;
    private final byte[] buffer = new byte[1 << 16];
    private int used;
    private int next;

    /**
     * Starts {@code sql} ({@code COPY … FROM STDIN}) on each connection; if one cannot start, those started are
     * cancelled before the failure goes on.
     */
    static StagingCopy open(List<Connection> connections, String sql, Runnable beforeEachMessage, Refusal refusal)
            throws SQLException {
        List<CopyIn> started = new ArrayList<>(connections.size());
        try {
            for (Connection c : connections) {
                started.add(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql));
            }
        } catch (SQLException | RuntimeException | Error e) {
            cancel(started);
            throw e;
        }
        return new StagingCopy(started, beforeEachMessage, refusal);
    }

    /**
     * @param copies            the COPYs, already started, one per connection
     * @param beforeEachMessage runs before each message is sent (it may throw to end the load early)
     * @param refusal           the error a COPY's failure becomes
     */
    StagingCopy(List<CopyIn> copies, Runnable beforeEachMessage, Refusal refusal) {
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("no COPY to write to");
        }
        this.copies = List.copyOf(copies);
        this.beforeEachMessage = beforeEachMessage;
        this.refusal = refusal;
    }

    /** Adds a row; on any failure every COPY is cancelled before the failure goes on. */
    @Override
    public void row(byte[] line, int length) {
        if (used + length + 1 > buffer.length) {
            cancellingOnFailure(this::flush);
        }
        if (length + 1 > buffer.length) {
            cancellingOnFailure(() -> {
                CopyIn copy = nextCopy();
                copy.writeToCopy(line, 0, length);
                copy.writeToCopy(NEWLINE, 0, 1);
            });
            return;
        }
        System.arraycopy(line, 0, buffer, used, length);
        used += length;
        buffer[used++] = '\n';
    }

    /**
     * Sends what is left and ends every COPY. On a failure every COPY still under way is cancelled first, so that no
     * connection goes back to its pool in the middle of one.
     */
    @Override
    public void end() {
        cancellingOnFailure(() -> {
            flush();
            for (CopyIn copy : copies) {
                copy.endCopy();
            }
        });
    }

    /** A step of the load through the COPYs. */
    private interface CopyStep {
        void run() throws SQLException;
    }

    private void cancellingOnFailure(CopyStep step) {
        try {
            step.run();
        } catch (SQLException e) {
            cancel();
            throw refusal.of(e);
        } catch (RuntimeException | Error e) {
            cancel();
            throw e;
        }
    }

    private void flush() throws SQLException {
        if (used > 0) {
            nextCopy().writeToCopy(buffer, 0, used);
            used = 0;
        }
    }

    private CopyIn nextCopy() {
        beforeEachMessage.run();
        CopyIn copy = copies.get(next);
        next = (next + 1) % copies.size();
        return copy;
    }

    /** Stops every COPY still under way (the import failed elsewhere); nothing when all have ended. */
    void cancel() {
        cancel(copies);
    }

    /** Stops those of {@code copies} still under way. */
    private static void cancel(List<CopyIn> copies) {
        for (CopyIn copy : copies) {
            try {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException ignored) {
                // the connection is closed next
            }
        }
    }
}
