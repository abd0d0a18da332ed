package dev.meshrooms.core.routing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool per database server, never per room. The global server's pool lives as long as this object;
 * shard servers' pools are cached, least recently used first out, and closed when evicted. However many rooms a
 * server holds, the connections to it never exceed {@code maxPoolSize}.
 *
 * <p>Room moves have pools of their own ({@link #forMoves}), outside the request pools: a move's copies and its write
 * fence never take a connection a request needs, and requests that pile up never starve a move of the connections
 * it must hold to finish its fence. With a meter registry, every pool reports its waits and timeouts there
 * ({@code hikaricp_connections_pending}, {@code hikaricp_connections_timeout_total}, per pool name).
 */
public final class ConnectionPools implements AutoCloseable {
    /**
     * Connections of a server's move pool: two moves at once, each holding at most five while it fences, and the move
     * scheduler's polls and heartbeats.
     */
    public static final int MOVE_POOL_SIZE = 12;
    /** How long a request waits for a connection before it is answered 503 (the database is too busy). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPools.class);
    private final DatabaseServer globalServer;
    private final HikariDataSource global;
    private final Map<String, DatabaseServer> shardServers = new LinkedHashMap<>();
    private final Map<String, HikariDataSource> shardPools;
    private final Map<String, HikariDataSource> movePools = new LinkedHashMap<>();
    private final int maxPoolSize;
    private final MeterRegistry meters;
    private int poolsCreated;

    public ConnectionPools(
            DatabaseServer globalServer, List<DatabaseServer> shardServers, int maxPoolSize, int maxShardPools) {
        this(globalServer, shardServers, maxPoolSize, maxShardPools, null);
    }

    /** @param meters where the pools report their metrics; null: nowhere */
    public ConnectionPools(
            DatabaseServer globalServer,
            List<DatabaseServer> shardServers,
            int maxPoolSize,
            int maxShardPools,
            MeterRegistry meters) {
        if (maxPoolSize < 1 || maxShardPools < 1) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "pool sizes must be at least 1 (MESH_DB_POOL_SIZE, MESH_DB_MAX_POOLS)");
        }
        this.globalServer = globalServer;
        this.maxPoolSize = maxPoolSize;
        this.meters = meters;
        for (DatabaseServer server : shardServers) {
            this.shardServers.put(server.url(), server);
        }
        this.shardPools = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, HikariDataSource> eldest) {
                if (size() > maxShardPools) {
                    LOG.info("closing the least recently used shard pool for {}", eldest.getKey());
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
        this.global = open(globalServer, "mesh-global", maxPoolSize, Math.min(2, maxPoolSize), REQUEST_TIMEOUT);
        this.poolsCreated = 1;
        if (meters != null) {
            Gauge.builder("mesh.db.pools.opened", this, ConnectionPools::poolsCreated)
                    .description("request pools opened since start (one per database server)")
                    .register(meters);
            Gauge.builder("mesh.db.shard.pools.open", this, ConnectionPools::openShardPools)
                    .description("shard-server request pools open now")
                    .register(meters);
        }
    }

    public DatabaseServer globalServer() {
        return globalServer;
    }

    public DataSource global() {
        return global;
    }

    /** The servers a shard may be placed on (the global one first). */
    public List<DatabaseServer> placements() {
        var all = new java.util.ArrayList<DatabaseServer>();
        all.add(globalServer);
        shardServers.values().stream()
                .filter(s -> !s.url().equals(globalServer.url()))
                .forEach(all::add);
        return all;
    }

    /** The pool of the server at this URL (null or the global URL: the global pool). */
    public synchronized DataSource forServer(String url) {
        if (url == null || url.equals(globalServer.url())) {
            return global;
        }
        HikariDataSource pool = shardPools.get(url);
        if (pool == null || pool.isClosed()) {
            pool = open(
                    server(url),
                    "mesh-shard-" + shardPools.size(),
                    maxPoolSize,
                    Math.min(2, maxPoolSize),
                    REQUEST_TIMEOUT);
            poolsCreated++;
            shardPools.put(url, pool);
        }
        return pool;
    }

    /**
     * The pool room moves use on the server at this URL (null: the global server): up to {@value #MOVE_POOL_SIZE}
     * connections, none kept idle, apart from the requests' pools.
     */
    public synchronized DataSource forMoves(String url) {
        String key = url == null ? globalServer.url() : url;
        HikariDataSource pool = movePools.get(key);
        if (pool == null || pool.isClosed()) {
            DatabaseServer server = key.equals(globalServer.url()) ? globalServer : server(key);
            pool = open(
                    server,
                    key.equals(globalServer.url()) ? "mesh-move-global" : "mesh-move-shard-" + movePools.size(),
                    MOVE_POOL_SIZE,
                    0,
                    MOVE_TIMEOUT);
            movePools.put(key, pool);
        }
        return pool;
    }

    private DatabaseServer server(String url) {
        DatabaseServer server = shardServers.get(url);
        if (server == null) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "shard server " + url
                            + " is not configured here; add it to SHARD_PG_URL_BASE (with its credentials).");
        }
        return server;
    }

    /** How many shard pools are open now (the global one not counted). */
    public synchronized int openShardPools() {
        return (int) shardPools.values().stream()
                .filter(Objects::nonNull)
                .filter(p -> !p.isClosed())
                .count();
    }

    /** How many request pools were ever opened, the global one included (move pools not counted). */
    public synchronized int poolsCreated() {
        return poolsCreated;
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }

    private HikariDataSource open(DatabaseServer server, String name, int size, int minIdle, Duration timeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minIdle);
        config.setPoolName(name);
        config.addDataSourceProperty("ApplicationName", name); // which pool a backend serves, in pg_stat_activity
        config.setConnectionTimeout(timeout.toMillis());
        config.setInitializationFailTimeout(-1);
        if (meters != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        return new HikariDataSource(config);
    }

    @Override
    public synchronized void close() {
        movePools.values().forEach(HikariDataSource::close);
        movePools.clear();
        shardPools.values().forEach(HikariDataSource::close);
        shardPools.clear();
        global.close();
    }
}
