package dev.meshrooms.core.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import javax.sql.DataSource;

/** What a connection pool could give right now, for work that is worth doing only without waiting for a connection. */
public final class PoolState {
    private PoolState() {}

    /**
     * Connections the pool could hand out now without making anyone wait: 0 when all are taken or asked for, or when
     * the data source is not a pool that says (then nothing optional should take one).
     */
    public static int freeConnections(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            HikariPoolMXBean stats = pool.getHikariPoolMXBean();
            return Math.max(
                    0, pool.getMaximumPoolSize() - stats.getActiveConnections() - stats.getThreadsAwaitingConnection());
        }
        return 0;
    }
}
