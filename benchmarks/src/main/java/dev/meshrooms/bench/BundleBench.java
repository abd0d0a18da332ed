package dev.meshrooms.bench;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.media.s3.S3MediaStore;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.signature.KeyVault;
import dev.meshrooms.core.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The bundle benchmark: builds a reference room (default 1M signed messages, 1k users, 20k media rows, ~1 GB media) in a
 * sharded room of the embedded PostgreSQL 15 and the in-process S3 store, then measures in one run our export
 * (RoomExporter) against {@code pg_dump --schema | zstd -1 -T2} + {@code tar | zstd -1 -T2} of the same media, and our
 * import (RoomImporter) against {@code zstd -dc | psql} into a fresh database + {@code zstd -dc | tar -x} + a parallel
 * put loop of the media into the store. Ours runs in child JVMs with {@code -Xmx256m} that report their peak heap.
 * Run it with {@code ./bench-bundles} (see docs/benchmarks.md); options in {@link BundleBenchOptions}.
 */
public final class BundleBench {
    static final String SOURCE_BUCKET = "bench-source";
    /** Marks a work directory as the benchmark's, so that only such a directory is ever emptied. */
    private static final String MARKER = ".bundlebench";

    private BundleBench() {}

    public static void main(String[] args) throws Exception {
        BundleBenchOptions o = BundleBenchOptions.parse(args);
        PrintStream log = System.out;
        String loadBefore = Machine.load();
        log.println("bundle bench: " + o.describe() + "; " + o.runs() + " run(s); work dir " + o.workDir());
        log.println("load average before: " + loadBefore);
        prepare(o.workDir());
        Path logs = Files.createDirectories(o.workDir().resolve("logs"));
        Path out = Files.createDirectories(o.workDir().resolve("out"));
        EmbeddedPostgres pg = TestPostgres.server();
        byte[] masterKey = KeyVault.newMasterKey();
        List<BundleBenchReport.Round> rounds = new ArrayList<>();
        // export variants only (docs/benchmarks.md): the rounds of the full benchmark are not run
        String variants = System.getenv().getOrDefault("BENCH_EXPORT_VARIANTS", "");
        ReferenceRoom room;
        try (BenchStore s3 = BenchStore.start(o.workDir().resolve("s3"))) {
            DatabaseServer source = TestPostgres.newDatabase();
            log.println("building the reference room ...");
            try (MeshCore core = core(source, SOURCE_BUCKET, masterKey, s3)) {
                room = ReferenceRoom.build(core, o, o.workDir().resolve("reference"), log);
            }
            log.printf("reference room built in %.1f s: %s%n", room.buildSeconds(), room.describe());
            // before every timed step: PostgreSQL writes what the steps before left in its buffers (an import's 1M
            // rows),
            // then the kernel what is left in its page cache
            // and no autovacuum worker is still vacuuming the 1M-row tables the steps before created
            Machine.Settling settling = () -> {
                try (Connection c = pg.getPostgresDatabase().getConnection();
                        Statement st = c.createStatement()) {
                    long until = System.nanoTime() + 120_000_000_000L;
                    while (System.nanoTime() < until && autovacuumWorkers(st) > 0) {
                        Thread.sleep(200);
                    }
                    st.execute("CHECKPOINT");
                } catch (java.sql.SQLException e) {
                    throw new IOException("CHECKPOINT before a timed step failed", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for autovacuum", e);
                }
                Machine.sync();
            };
            ChildJvm child = new ChildJvm(
                    o.childHeap(),
                    logs,
                    Map.of(
                            BundleChild.MASTER_KEY_ENV,
                            Base64.getEncoder().encodeToString(masterKey),
                            BundleChild.S3_SECRET_ENV,
                            BenchStore.SECRET_KEY),
                    settling);
            StandardTools tools = new StandardTools(logs, settling);
            if (!variants.isBlank()) {
                ExportVariants.run(variants, o, pg, source, room, s3, child, tools, out, log);
            } else {
                for (int r = 1; r <= o.runs(); r++) {
                    rounds.add(round(r, o, pg, source, room, s3, masterKey, child, tools, out, log));
                }
            }
        }
        if (variants.isBlank()) {
            BundleBenchReport.print(System.out, o, room, rounds, Machine.describe(), loadBefore, Machine.load());
            BundleBenchReport.summarize(rounds);
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                SummaryFile.database("bundles (embedded PostgreSQL)", SummaryFile.settings(c));
            }
        }
        if (!o.keep()) {
            deleteTree(o.workDir());
        }
        System.exit(0);
    }

    private static BundleBenchReport.Round round(
            int r,
            BundleBenchOptions o,
            EmbeddedPostgres pg,
            DatabaseServer source,
            ReferenceRoom room,
            BenchStore s3,
            byte[] masterKey,
            ChildJvm child,
            StandardTools tools,
            Path out,
            PrintStream log)
            throws Exception {
        Path bundle = out.resolve("room.tar.zst");
        Path dbZst = out.resolve("db.sql.zst");
        Path mediaZst = out.resolve("media.tar.zst");
        // every timed step writes a new file: truncating the last round's 1 GB in the step would be timed with it
        for (Path previous : List.of(bundle, dbZst, mediaZst)) {
            Files.deleteIfExists(previous);
        }
        List<String> s3Args = s3Args(s3);

        log.printf("run %d: our export ...%n", r);
        Map<String, Object> export = child.run("export-" + r, exportArgs(s3, source, room, bundle));
        log.printf("run %d: pg_dump | zstd, tar | zstd ...%n", r);
        StandardTools.Run dump = dump(tools, "pg_dump-" + r, pg, source, room, dbZst);
        StandardTools.Run tar = tar(tools, "tar-" + r, room, mediaZst);

        log.printf("run %d: our import ...%n", r);
        DatabaseServer target = TestPostgres.newDatabase();
        String importBucket = "bench-import-" + r;
        core(target, importBucket, masterKey, s3).close(); // an existing instance: migrated, outside the timing
        Map<String, Object> imported = child.run(
                "import-" + r,
                concat(
                        s3Args,
                        "mode=import",
                        "jdbc=" + target.url(),
                        "dbUser=" + target.user(),
                        "bucket=" + importBucket,
                        "file=" + bundle));

        log.printf("run %d: our import with --check-all-signatures ...%n", r);
        DatabaseServer checked = TestPostgres.newDatabase();
        core(checked, importBucket + "-all", masterKey, s3).close();
        Map<String, Object> importedAll = child.run(
                "import-all-" + r,
                concat(
                        s3Args,
                        "mode=import",
                        "jdbc=" + checked.url(),
                        "dbUser=" + checked.user(),
                        "bucket=" + importBucket + "-all",
                        "file=" + bundle,
                        "signatures=ALL"));

        log.printf("run %d: zstd -dc | psql, zstd -dc | tar -x, put loop ...%n", r);
        String restoreDb = "restore_" + ProcessHandle.current().pid() + "_" + r;
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + restoreDb);
        }
        StandardTools.Run psql = tools.run(
                "psql-" + r,
                "zstd -dc | psql",
                "zstd -dc -q " + StandardTools.quote(dbZst) + " | " + StandardTools.PG_BIN.resolve("psql")
                        + " -X -q -v ON_ERROR_STOP=1" + pgArgs(pg) + " -d " + restoreDb + " > /dev/null");
        Path extracted = Files.createDirectories(out.resolve("extracted-" + r));
        StandardTools.Run untar = tools.run(
                "untar-" + r,
                "zstd -dc | tar -x",
                "zstd -dc -q " + StandardTools.quote(mediaZst) + " | tar -C " + StandardTools.quote(extracted)
                        + " -xf -");
        Map<String, Object> put = child.run(
                "put-" + r,
                concat(
                        s3Args,
                        "mode=put",
                        "bucket=bench-tools-" + r,
                        "dir=" + extracted.resolve("media"),
                        "threads=" + o.uploadThreads()));
        // the cheapest copy there is, for reference: the files straight into the store's folder (no S3 metadata)
        StandardTools.Run cp = tools.run(
                "cp-" + r,
                "cp -r into the store's folder",
                "cp -r " + StandardTools.quote(extracted.resolve("media")) + " "
                        + StandardTools.quote(s3.objects().resolve("bench-cp-" + r)));
        long restored = count(pg, restoreDb, "SELECT count(*) FROM " + room.schema() + ".messages");
        BundleBenchReport.Round round = new BundleBenchReport.Round(
                export,
                Files.size(bundle),
                dump,
                Files.size(dbZst),
                tar,
                Files.size(mediaZst),
                imported,
                psql,
                untar,
                put,
                cp,
                restored,
                importedAll);
        deleteTree(extracted);
        log.printf(
                "run %d: done (ours: export %.1f s, import %.1f s; tools: export %.1f s, import %.1f s)%n",
                r,
                round.exportSeconds(),
                round.importSeconds(),
                round.toolsExportSeconds(),
                round.toolsImportSeconds());
        return round;
    }

    /** objects=: our side reads the store's files directly, as Mesh-Lite does with its embedded store. */
    static List<String> s3Args(BenchStore s3) {
        return List.of("s3=" + s3.endpoint(), "s3Access=" + BenchStore.ACCESS_KEY, "objects=" + s3.objects());
    }

    /** The export child's arguments: the reference room into {@code bundle}. */
    static List<String> exportArgs(BenchStore s3, DatabaseServer source, ReferenceRoom room, Path bundle) {
        return concat(
                s3Args(s3),
                "mode=export",
                "jdbc=" + source.url(),
                "dbUser=" + source.user(),
                "bucket=" + SOURCE_BUCKET,
                "room=" + room.room().id(),
                "file=" + bundle);
    }

    /** The tools' export of the rows: {@code pg_dump --schema | zstd -1 -T2}. */
    static StandardTools.Run dump(
            StandardTools tools,
            String name,
            EmbeddedPostgres pg,
            DatabaseServer source,
            ReferenceRoom room,
            Path dbZst)
            throws IOException, InterruptedException {
        return tools.run(
                name,
                "pg_dump --schema | zstd -1 -T2",
                StandardTools.PG_BIN.resolve("pg_dump") + pgArgs(pg) + " -d " + dbName(source) + " --schema="
                        + room.schema() + " | zstd -1 -T2 -q > " + StandardTools.quote(dbZst));
    }

    /** The tools' export of the media: {@code tar | zstd -1 -T2}. */
    static StandardTools.Run tar(StandardTools tools, String name, ReferenceRoom room, Path mediaZst)
            throws IOException, InterruptedException {
        return tools.run(
                name,
                "tar | zstd -1 -T2",
                "tar -C " + StandardTools.quote(room.mediaRoot()) + " -cf - media | zstd -1 -T2 -q > "
                        + StandardTools.quote(mediaZst));
    }

    private static String pgArgs(EmbeddedPostgres pg) {
        return " -h 127.0.0.1 -p " + pg.getPort() + " -U postgres";
    }

    /** Empties a previous run's work directory (never a directory without the marker) and marks the new one. */
    private static void prepare(Path workDir) throws IOException {
        if (Files.isDirectory(workDir)) {
            try (Stream<Path> entries = Files.list(workDir)) {
                if (entries.findAny().isPresent() && !Files.exists(workDir.resolve(MARKER))) {
                    throw new IllegalArgumentException(
                            "bundlebench.workDir: " + workDir + " is not empty and not a work"
                                    + " directory of this benchmark; choose another (its contents are deleted between runs)");
                }
            }
            deleteTree(workDir);
        }
        Files.createDirectories(workDir);
        Files.createFile(workDir.resolve(MARKER));
    }

    static MeshCore core(DatabaseServer db, String bucket, byte[] masterKey, BenchStore s3) {
        return MeshCore.start(
                CoreSettings.builder()
                        .global(db)
                        .masterKey(masterKey)
                        .mediaBucket(bucket)
                        .build(),
                new S3MediaStore(s3.settings()));
    }

    private static int autovacuumWorkers(Statement st) throws java.sql.SQLException {
        try (ResultSet rs =
                st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String dbName(DatabaseServer db) {
        String url = db.url();
        String path = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1);
        return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    }

    private static long count(EmbeddedPostgres pg, String database, String sql) throws Exception {
        try (Connection c = pg.getDatabase("postgres", database).getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
