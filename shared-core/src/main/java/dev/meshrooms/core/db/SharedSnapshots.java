package dev.meshrooms.core.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * One transaction's snapshot shared with others on the same database: {@code pg_export_snapshot()} in the transaction
 * that has it, {@code SET TRANSACTION SNAPSHOT} as the first statements of each transaction that joins it, so that all
 * of them read exactly the same rows.
 */
public final class SharedSnapshots {
    /** What {@code pg_export_snapshot()} returns, checked before it goes into a statement. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-F]+(-[0-9A-F]+)+");

    private SharedSnapshots() {}

    /** The snapshot of the transaction open on {@code c} (REPEATABLE READ), for others to join while it stays open. */
    public static String export(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            String id = rs.getString(1);
            if (!SNAPSHOT_ID.matcher(id).matches()) {
                throw new SQLException("PostgreSQL exported a snapshot id of an unexpected form: " + id);
            }
            return id;
        }
    }

    /**
     * Makes the transaction just begun on {@code c} (auto-commit off, no statement run in it yet) read through {@code
     * snapshot}: REPEATABLE READ, read-only or not.
     */
    public static void join(Connection c, String snapshot, boolean readOnly) throws SQLException {
        if (!SNAPSHOT_ID.matcher(snapshot).matches()) {
            throw new SQLException("not a snapshot id: " + snapshot);
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ" + (readOnly ? ", READ ONLY" : ""));
            st.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
        }
    }
}
