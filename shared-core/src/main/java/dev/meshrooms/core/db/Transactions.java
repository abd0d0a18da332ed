package dev.meshrooms.core.db;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Runs work in one transaction on a pooled connection. Optional per-transaction settings use {@code SET LOCAL},
 * so they end with the transaction and stay correct behind a transaction-mode pooler (PgBouncer).
 */
public final class Transactions {
    /** The SQLSTATE a moved room's old place answers writes with (see {@code move.ChangeCapture}). */
    public static final String ROOM_MOVED_STATE = "MRMVD";
    /** The SQLSTATE a room's writes meet while a move holds its write fence (see {@code move.ChangeCapture}). */
    public static final String ROOM_FENCED_STATE = "MRFNC";

    private Transactions() {}

    public static <T> T inTransaction(DataSource dataSource, SqlWork<T> work) {
        return inTransaction(dataSource, null, work);
    }

    /**
     * @param localRole a role to {@code SET LOCAL ROLE} to for this transaction, or null; must be a validated identifier
     */
    public static <T> T inTransaction(DataSource dataSource, String localRole, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (localRole != null) {
                    try (Statement st = connection.createStatement()) {
                        st.execute("SET LOCAL ROLE " + Identifiers.quote(localRole));
                    }
                }
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Runs one statement in its own transaction on a connection the caller holds, after {@code SET LOCAL} of each of
     * {@code localSettings} ("name = value", trusted constants only): maintenance with more memory, a smaller sample.
     */
    public static void withLocalSettings(Connection connection, String statement, String... localSettings)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (String setting : localSettings) {
                st.execute("SET LOCAL " + setting);
            }
            st.execute(statement);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    /** Turns a driver error into a MeshException a person can act on. */
    public static MeshException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientConnectionException && !state.startsWith("08")) {
            // the pool had no connection free in time: the server is up, but busy
            return new MeshException(
                    ErrorCode.DATABASE_BUSY,
                    "Every database connection stayed busy too long (" + e.getMessage() + "); try again in a moment.",
                    e);
        }
        if (state.startsWith("08")) {
            return new MeshException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "The database connection failed (" + e.getMessage() + "); check that PostgreSQL is running.",
                    e);
        }
        if (state.equals("42501")) {
            return new MeshException(ErrorCode.FORBIDDEN, "The database refused access (" + e.getMessage() + ").", e);
        }
        if (state.equals(ROOM_MOVED_STATE)) {
            return new MeshException(
                    ErrorCode.ROOM_MOVED,
                    "This room has just moved to another place (" + e.getMessage() + "); the request is retried there.",
                    e);
        }
        if (state.equals(ROOM_FENCED_STATE)) {
            return new MeshException(
                    ErrorCode.ROOM_BUSY,
                    "This room is switching places and its writes pause for a" + " moment; try again in a second.",
                    e);
        }
        if (state.equals("23505")) {
            return new MeshException(
                    ErrorCode.CONFLICT, "A record with the same key exists already (" + e.getMessage() + ").", e);
        }
        return new MeshException(ErrorCode.INTERNAL, "A database statement failed: " + e.getMessage(), e);
    }
}
