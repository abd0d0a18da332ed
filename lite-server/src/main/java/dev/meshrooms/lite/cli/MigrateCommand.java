package dev.meshrooms.lite.cli;

import dev.meshrooms.core.shard.ShardMigrator;
import dev.meshrooms.lite.runtime.LiteRuntime;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate [--dry-run]}: brings every room's own schema, on every database server, to the current room version
 * (what every start does before it serves), or with {@code --dry-run} lists the schemas that are behind.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Migrate every room shard schema to the current version (every start does it too).")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Option(names = "--dry-run", description = "Only list the shard schemas that are behind; change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null), false)) {
            ShardMigrator migrator = runtime.core().shardMigrations();
            PrintWriter out = spec.commandLine().getOut();
            List<ShardMigrator.Pending> pending = migrator.pending();
            if (dryRun) {
                for (ShardMigrator.Pending p : pending) {
                    out.printf(
                            "%s on %s: version %d, would go to %d%n",
                            p.schema(),
                            p.serverUrl() == null ? "the global server" : p.serverUrl(),
                            p.version(),
                            p.newest());
                }
                out.println(
                        pending.isEmpty()
                                ? "Every shard schema is at the current room version; nothing to do."
                                : pending.size()
                                        + " shard schema(s) behind; run `migrate` (or start the server) to migrate them.");
            } else {
                ShardMigrator.Report report = migrator.migrateAll().requireSuccess();
                out.printf(
                        "%d shard schema(s) checked, %d migrated (%d migrations) in %d ms.%n",
                        report.schemas(),
                        report.migrated(),
                        report.migrationsExecuted(),
                        report.took().toMillis());
            }
            out.flush();
        }
        return 0;
    }
}
