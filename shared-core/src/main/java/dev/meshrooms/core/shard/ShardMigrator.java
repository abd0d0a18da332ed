package dev.meshrooms.core.shard;

import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.routing.DatabaseServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every shard schema {@code room_<hex>} on every server (global and configured shard servers) to the newest
 * room migration version: each schema with its own Flyway history ({@code room_<hex>.flyway_room_history}), on a
 * bounded number of threads, on the servers' move pools (Flyway may hold two connections per schema; requests keep
 * theirs). Each server is asked once for every shard's version, so schemas already current cost nothing. A schema that
 * fails is reported and the others go on; re-running migrates what is left. Mesh runs it at every start, before it
 * serves ({@code migrate} on demand); {@link #pending()} is the dry run.
 */
public final class ShardMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(ShardMigrator.class);
    private final ConnectionPools pools;
    private final int threads;
    private final List<String> locations;

    public ShardMigrator(ConnectionPools pools, int threads) {
        this(pools, threads, List.of(Migrations.ROOM_LOCATION));
    }

    private ShardMigrator(ConnectionPools pools, int threads, List<String> locations) {
        if (threads < 1) {
            throw new MeshException(ErrorCode.INVALID_INPUT, "shard migration threads: at least 1, got " + threads);
        }
        this.pools = pools;
        this.threads = threads;
        this.locations = List.copyOf(locations);
    }

    /** The same migrator reading the room set from other classpath locations as well (e.g. a benchmark's own). */
    public ShardMigrator withLocations(List<String> locations) {
        return new ShardMigrator(pools, threads, locations);
    }

    /** One shard schema that could not be migrated. */
    public record Failure(String serverUrl, String schema, String error) {}

    /**
     * @param schemas            shard schemas found
     * @param migrated           schemas in which at least one migration ran
     * @param migrationsExecuted migrations run, over all schemas
     */
    public record Report(int schemas, int migrated, int migrationsExecuted, List<Failure> failures, Duration took) {
        /** Throws naming the first failures when a schema could not be migrated. */
        public Report requireSuccess() {
            if (!failures.isEmpty()) {
                Failure first = failures.get(0);
                throw new MeshException(
                        ErrorCode.DATABASE_UNAVAILABLE,
                        failures.size() + " of " + schemas
                                + " shard schemas could not be migrated to the current room version, e.g. "
                                + first.schema()
                                + " on " + (first.serverUrl() == null ? "the global server" : first.serverUrl()) + ": "
                                + first.error() + ". Fix the cause and start again (or run `migrate`): schemas migrated"
                                + " already are skipped.");
            }
            return this;
        }
    }

    /** One shard schema behind the newest room version. */
    public record Pending(String serverUrl, String schema, int version, int newest) {}

    /** The shard schemas on one server (null: the global server). */
    public List<String> schemasOn(String serverUrl) {
        return Transactions.inTransaction(pools.forMoves(serverUrl), c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT nspname FROM pg_namespace"
                            + " WHERE nspname ~ '^room_[0-9a-f]{32}$' ORDER BY nspname");
                    ResultSet rs = st.executeQuery()) {
                List<String> schemas = new ArrayList<>();
                while (rs.next()) {
                    schemas.add(rs.getString(1));
                }
                return schemas;
            }
        });
    }

    /** The shard schemas on one server that have their migration history (made and migrated at least once). */
    private List<String> withHistory(String serverUrl) {
        return Transactions.inTransaction(pools.forMoves(serverUrl), c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT n.nspname FROM pg_namespace n JOIN pg_class h ON"
                            + " h.relnamespace = n.oid AND h.relname = 'flyway_room_history'"
                            + " WHERE n.nspname ~ '^room_[0-9a-f]{32}$' ORDER BY n.nspname");
                    ResultSet rs = st.executeQuery()) {
                List<String> schemas = new ArrayList<>();
                while (rs.next()) {
                    schemas.add(rs.getString(1));
                }
                return schemas;
            }
        });
    }

    /** The shard schemas behind the newest room version, on every server: what {@link #migrateAll()} would migrate. */
    public List<Pending> pending() {
        List<Pending> behind = new ArrayList<>();
        int newest = -1;
        for (DatabaseServer server : pools.placements()) {
            String url = server.url().equals(pools.globalServer().url()) ? null : server.url();
            java.util.Map<String, Integer> versions = versionsOn(url);
            if (newest < 0 && !versions.isEmpty()) {
                newest = newestVersion(url, versions.keySet().iterator().next());
            }
            int target = newest;
            versions.forEach((schema, version) -> {
                if (version < target) {
                    behind.add(new Pending(url, schema, version, target));
                }
            });
        }
        return behind;
    }

    /** The newest version of the room set in this migrator's locations, as resolved for one shard schema. */
    private int newestVersion(String serverUrl, String schema) {
        if (locations.equals(List.of(Migrations.ROOM_LOCATION))) {
            return Migrations.ROOM_SCHEMA_VERSION; // this build's own set: known without loading Flyway
        }
        return Migrations.newestRoomVersion(pools.forMoves(serverUrl), schema, locations);
    }

    /**
     * Every shard schema on one server with the version its history says it has (0: none yet), in one query. A schema
     * without a history table is one whose provisioning stopped between making it and migrating it (a process killed
     * then): it is left to that provisioning, which migrates it when its job runs again, or to its clean-up.
     */
    private java.util.Map<String, Integer> versionsOn(String serverUrl) {
        List<String> schemas = withHistory(serverUrl);
        java.util.Map<String, Integer> versions = new java.util.TreeMap<>();
        for (int i = 0; i < schemas.size(); i += 500) {
            List<String> chunk = schemas.subList(i, Math.min(schemas.size(), i + 500));
            StringBuilder sql = new StringBuilder();
            for (String schema : chunk) {
                String q = dev.meshrooms.core.db.Identifiers.quote(schema);
                sql.append(sql.length() == 0 ? "" : " UNION ALL ")
                        .append("SELECT '")
                        .append(schema)
                        .append("',")
                        .append(" (SELECT coalesce(max(version::int), 0) FROM ")
                        .append(q)
                        .append(".flyway_room_history WHERE success AND version IS NOT NULL)");
            }
            Transactions.inTransaction(pools.forMoves(serverUrl), c -> {
                try (var st = c.createStatement();
                        ResultSet rs = st.executeQuery(sql.toString())) {
                    while (rs.next()) {
                        versions.put(rs.getString(1), rs.getInt(2));
                    }
                }
                return null;
            });
        }
        return versions;
    }

    public Report migrateAll() {
        long start = System.nanoTime();
        List<String[]> work = new ArrayList<>();
        int schemas = 0;
        int newest = 0;
        for (Pending p : pending()) {
            work.add(new String[] {p.serverUrl(), p.schema()});
            newest = p.newest();
        }
        for (DatabaseServer server : pools.placements()) {
            schemas += withHistory(server.url().equals(pools.globalServer().url()) ? null : server.url())
                    .size();
        }
        if (!work.isEmpty()) {
            LOG.info(
                    "shard migration: {} of {} shard schemas are behind room version {}; migrating on {} threads",
                    work.size(),
                    schemas,
                    newest,
                    threads);
        }
        AtomicInteger done = new AtomicInteger();
        int step = Math.max(1, work.size() / 10);
        AtomicInteger migrated = new AtomicInteger();
        AtomicInteger executed = new AtomicInteger();
        List<Failure> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "shard-migrator");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String[] item : work) {
                futures.add(pool.submit(() -> {
                    try {
                        int ran = Migrations.migrateRoomSchema(pools.forMoves(item[0]), item[1], locations);
                        if (ran > 0) {
                            migrated.incrementAndGet();
                            executed.addAndGet(ran);
                        }
                    } catch (RuntimeException e) {
                        LOG.error(
                                "migrating shard schema {} on {} failed: {}",
                                item[1],
                                item[0] == null ? "the global server" : item[0],
                                e.getMessage());
                        failures.add(new Failure(item[0], item[1], e.getMessage()));
                    }
                    int n = done.incrementAndGet();
                    if (n % step == 0 || n == work.size()) {
                        LOG.info("shard migration: {} of {} schemas", n, work.size());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "shard migration interrupted; run it again to finish", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new MeshException(
                    ErrorCode.INTERNAL,
                    "shard migration failed: " + e.getCause().getMessage(),
                    e);
        } finally {
            pool.shutdownNow();
        }
        Report report = new Report(
                schemas,
                migrated.get(),
                executed.get(),
                List.copyOf(failures),
                Duration.ofNanos(System.nanoTime() - start));
        LOG.info(
                "shard migration: {} schemas, {} migrated ({} migrations), {} failed, {} ms",
                report.schemas(),
                report.migrated(),
                report.migrationsExecuted(),
                failures.size(),
                report.took().toMillis());
        return report;
    }
}
