package dev.meshrooms.bench;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.shard.NextRoomMigration;
import dev.meshrooms.core.shard.ShardMigrator;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The shard migration benchmark: provisions N shard schemas ({@code room_<hex>} + role + the room set, each with its
 * own Flyway history), then times {@link ShardMigrator} bringing all of them to a new room migration version (one
 * past the newest shipped, written to a temp directory), in parallel on a bounded number of threads; then times a
 * second run that finds nothing to do. Goal: 1,000 schemas in at most 60 s. Run with {@code ./bench-shards [schemas]}.
 * Options ({@code --name=value} or {@code -Dshardbench.name=value}): schemas (1000), threads (4), provision-threads
 * (3), pool-size (10).
 */
public final class ShardMigrationBench {
    static final double GOAL_SECONDS = 60;

    private ShardMigrationBench() {}

    public static void main(String[] args) throws Exception {
        int schemas = option(args, "schemas", 1000);
        int threads = option(args, "threads", 4);
        int provisionThreads = option(args, "provision-threads", 3);
        int poolSize = option(args, "pool-size", 10);
        System.out.printf(
                "Shard migration benchmark: %,d schemas, %d migration threads, pool size %d; %s; load %s%n",
                schemas, threads, poolSize, Machine.describe(), Machine.load());
        try (MeshCore mesh = TestMesh.start(TestPostgres.newDatabase(), List.of(), poolSize)) {
            Duration provisioning = Parallel.run(
                    "shard schemas provisioned",
                    schemas,
                    provisionThreads,
                    i -> mesh.internals().shardSchemas().create(UUID.randomUUID(), null));
            NextRoomMigration next = NextRoomMigration.write();
            ShardMigrator migrator = mesh.internals().shardMigrator(threads).withLocations(next.locations());
            ShardMigrator.Report report = migrator.migrateAll().requireSuccess();
            ShardMigrator.Report again = migrator.migrateAll().requireSuccess();
            if (report.migrated() != schemas || again.migrated() != 0) {
                throw new IllegalStateException(
                        "expected all " + schemas + " schemas migrated once, got " + report + " then " + again);
            }
            double seconds = report.took().toMillis() / 1000.0;
            System.out.printf(
                    "%n| schemas | new version | threads | provisioning | migration to V%d | per schema | second run (nothing to do) | goal |%n",
                    next.version());
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|");
            System.out.printf(
                    "| %,d | V%d | %d | %.1f s | **%.1f s** | %.1f ms | %.1f s | <= %.0f s: %s |%n",
                    schemas,
                    next.version(),
                    threads,
                    provisioning.toMillis() / 1000.0,
                    seconds,
                    report.took().toMillis() / (double) schemas,
                    again.took().toMillis() / 1000.0,
                    GOAL_SECONDS,
                    seconds <= GOAL_SECONDS ? "met" : "NOT met");
            System.out.printf("load after: %s%n", Machine.load());
        }
        System.exit(0);
    }

    private static int option(String[] args, String name, int fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Integer.parseInt(arg.substring(prefix.length()).strip());
            }
        }
        String property = System.getProperty("shardbench." + name);
        return property == null || property.isBlank() ? fallback : Integer.parseInt(property.strip());
    }
}
