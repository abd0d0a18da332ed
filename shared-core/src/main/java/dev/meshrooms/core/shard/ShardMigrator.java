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
 * bounded number of threads. A schema that fails is reported and the others go on; re-running migrates what is left.
 * Threads should stay at or below half the pool size ({@code MESH_DB_POOL_SIZE}): Flyway may hold two connections.
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
    public record Failure(String serverUrl, String schema, String error) {
    }

    /**
     * @param schemas            shard schemas found
     * @param migrated           schemas in which at least one migration ran
     * @param migrationsExecuted migrations run, over all schemas
     */
    public record Report(int schemas, int migrated, int migrationsExecuted, List<Failure> failures, Duration took) {
        /** Throws naming the first failures when a schema could not be migrated. */
        public Report requireSuccess() {
            if (!failures.isEmpty()) {
                throw new MeshException(ErrorCode.DATABASE_UNAVAILABLE, failures.size() + " of " + schemas
                        + " shard schemas could not be migrated, e.g. " + failures.subList(0, Math.min(3, failures.size()))
                        + "; fix the cause and run the migration again (migrated schemas are skipped)");
            }
            return this;
        }
    }

    /** The shard schemas on one server (null: the global server). */
    public List<String> schemasOn(String serverUrl) {
        return Transactions.inTransaction(pools.forServer(serverUrl), c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT nspname FROM pg_namespace"
                    + " WHERE nspname ~ '^room_[0-9a-f]{32}$' ORDER BY nspname"); ResultSet rs = st.executeQuery()) {
                List<String> schemas = new ArrayList<>();
                while (rs.next()) {
                    schemas.add(rs.getString(1));
                }
                return schemas;
            }
        });
    }

    public Report migrateAll() {
        long start = System.nanoTime();
        List<String[]> work = new ArrayList<>();
        for (DatabaseServer server : pools.placements()) {
            String url = server.url().equals(pools.globalServer().url()) ? null : server.url();
            schemasOn(url).forEach(schema -> work.add(new String[] {url, schema}));
        }
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
                        int ran = Migrations.migrateRoomSchema(pools.forServer(item[0]), item[1], locations);
                        if (ran > 0) {
                            migrated.incrementAndGet();
                            executed.addAndGet(ran);
                        }
                    } catch (RuntimeException e) {
                        LOG.error("migrating shard schema {} on {} failed: {}", item[1], item[0], e.getMessage());
                        failures.add(new Failure(item[0], item[1], e.getMessage()));
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
            throw new MeshException(ErrorCode.INTERNAL, "shard migration failed: " + e.getCause().getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        Report report = new Report(work.size(), migrated.get(), executed.get(), List.copyOf(failures),
                Duration.ofNanos(System.nanoTime() - start));
        LOG.info("shard migration: {} schemas, {} migrated ({} migrations), {} failed, {} ms", report.schemas(),
                report.migrated(), report.migrationsExecuted(), failures.size(), report.took().toMillis());
        return report;
    }
}
