package dev.meshrooms.core.routing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
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
 */
public final class ConnectionPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPools.class);
    private final DatabaseServer globalServer;
    private final HikariDataSource global;
    private final Map<String, DatabaseServer> shardServers = new LinkedHashMap<>();
    private final Map<String, HikariDataSource> shardPools;
    private final int maxPoolSize;
    private int poolsCreated;

    public ConnectionPools(DatabaseServer globalServer, List<DatabaseServer> shardServers, int maxPoolSize, int maxShardPools) {
        if (maxPoolSize < 1 || maxShardPools < 1) {
            throw new MeshException(ErrorCode.CONFIGURATION, "pool sizes must be at least 1 (MESH_DB_POOL_SIZE, MESH_DB_MAX_POOLS)");
        }
        this.globalServer = globalServer;
        this.maxPoolSize = maxPoolSize;
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
        this.global = open(globalServer, "mesh-global");
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
        shardServers.values().stream().filter(s -> !s.url().equals(globalServer.url())).forEach(all::add);
        return all;
    }

    /** The pool of the server at this URL (null or the global URL: the global pool). */
    public synchronized DataSource forServer(String url) {
        if (url == null || url.equals(globalServer.url())) {
            return global;
        }
        HikariDataSource pool = shardPools.get(url);
        if (pool == null || pool.isClosed()) {
            DatabaseServer server = shardServers.get(url);
            if (server == null) {
                throw new MeshException(ErrorCode.CONFIGURATION, "shard server " + url
                        + " is not configured here; add it to SHARD_PG_URL_BASE (with its credentials).");
            }
            pool = open(server, "mesh-shard-" + shardPools.size());
            shardPools.put(url, pool);
        }
        return pool;
    }

    /** How many shard pools are open now (the global one not counted). */
    public synchronized int openShardPools() {
        return (int) shardPools.values().stream().filter(Objects::nonNull).filter(p -> !p.isClosed()).count();
    }

    /** How many pools were ever opened, the global one included. */
    public synchronized int poolsCreated() {
        return poolsCreated;
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }

    private HikariDataSource open(DatabaseServer server, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setPoolName(name);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        poolsCreated++;
        return new HikariDataSource(config);
    }

    @Override
    public synchronized void close() {
        shardPools.values().forEach(HikariDataSource::close);
        shardPools.clear();
        global.close();
    }
}
