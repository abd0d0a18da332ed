package dev.meshrooms.bench;

import dev.meshrooms.core.db.ChangeFeed;
import dev.meshrooms.core.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Counts the server's backends on one database ({@code pg_stat_activity}) now and then, remembering the peaks: client
 * connections (what the pools opened) and all backends, which adds the workers the server starts by itself (autovacuum
 * of the growing catalog, parallel workers of catalog queries). It asks from a connection of its own to the
 * {@code postgres} database, so it does not count itself.
 */
final class ConnectionSampler implements AutoCloseable {
    /** Backends by the pool they serve (each pool names its connections after itself: mesh-global, mesh-move-…). */
    private static final String COUNT = "SELECT"
            + " count(*) FILTER (WHERE application_name = 'mesh-global' OR application_name LIKE 'mesh-shard-%'),"
            + " count(*), count(*) FILTER (WHERE application_name = ?),"
            + " count(*) FILTER (WHERE application_name LIKE 'mesh-move-%')"
            + " FROM pg_stat_activity WHERE datname = ?";

    private final Connection connection;
    private final String database;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-connection-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private Sample peak = new Sample(0, 0, 0, 0);

    /**
     * Backends on the database at one moment (or the peaks of each): the request pools' client connections, all
     * backends, the change feed's listening connection ({@link ChangeFeed#APPLICATION_NAME}: one per core, outside the
     * pools) and the connections of the pools room moves and shard provisioning use.
     */
    record Sample(int clients, int backends, int listeners, int moves) {
        Sample max(Sample other) {
            return new Sample(
                    Math.max(clients, other.clients),
                    Math.max(backends, other.backends),
                    Math.max(listeners, other.listeners),
                    Math.max(moves, other.moves));
        }
    }

    private ConnectionSampler(Connection connection, String database) {
        this.connection = connection;
        this.database = database;
    }

    static ConnectionSampler start(String database, long periodMillis) throws SQLException {
        ConnectionSampler sampler = new ConnectionSampler(
                TestPostgres.server().getPostgresDatabase().getConnection(), database);
        sampler.timer.scheduleAtFixedRate(sampler::sampleQuietly, 0, periodMillis, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** The database's backends right now (counted towards the peaks). */
    synchronized Sample current() throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(COUNT)) {
            st.setString(1, ChangeFeed.APPLICATION_NAME);
            st.setString(2, database);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Sample now = new Sample(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4));
                peak = peak.max(now);
                return now;
            }
        }
    }

    synchronized Sample peak() {
        return peak;
    }

    private void sampleQuietly() {
        try {
            current();
        } catch (SQLException e) {
            System.err.println("connection sampler: " + e.getMessage());
        }
    }

    @Override
    public void close() throws SQLException {
        timer.shutdownNow();
        synchronized (this) {
            connection.close();
        }
    }
}
