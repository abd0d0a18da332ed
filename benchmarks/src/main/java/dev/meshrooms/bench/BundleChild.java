package dev.meshrooms.bench;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.bundle.BundleMetadata;
import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.bundle.ImportResult;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.s3.LocalFilesMediaStore;
import dev.meshrooms.core.media.s3.S3MediaStore;
import dev.meshrooms.core.media.s3.S3Settings;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.shard.ShardSettings;
import dev.meshrooms.core.shard.aws.AwsShardStorage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The child JVM of {@link BundleBench} (started with {@code -Xmx256m}): builds a {@link MeshCore} against the parent's
 * PostgreSQL and S3 store, then runs one {@code export} (RoomExporter to a file, as the CLI does; then once more, timed
 * apart, as a server that has exported before), {@code import}
 * (RoomImporter from a file, as the CLI does) or {@code put} (the standard tools' side: a plain parallel put loop of a
 * directory into a bucket). Only that call is timed; the result, with {@link HeapWatch}'s figures for the whole child,
 * goes as JSON to {@code result=<file>}. Secrets come from the environment: BUNDLEBENCH_MASTER_KEY, BUNDLEBENCH_S3_SECRET.
 */
public final class BundleChild {
    static final String MASTER_KEY_ENV = "BUNDLEBENCH_MASTER_KEY";
    static final String S3_SECRET_ENV = "BUNDLEBENCH_S3_SECRET";

    private BundleChild() {}

    public static void main(String[] args) throws Exception {
        HeapWatch heap = HeapWatch.start();
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            a.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        S3Settings s3 = new S3Settings(
                URI.create(a.get("s3")), null, "us-east-1", a.get("s3Access"), System.getenv(S3_SECRET_ENV), true);
        Map<String, Object> result = new LinkedHashMap<>();
        try (S3MediaStore store = new S3MediaStore(s3)) {
            switch (a.get("mode")) {
                case "export" -> {
                    try (MeshCore core = core(a, store)) {
                        export(core, UUID.fromString(a.get("room")), Path.of(a.get("file")), heap, result);
                    }
                }
                case "import" -> {
                    try (MeshCore core = core(a, store)) {
                        importBundle(
                                core,
                                Path.of(a.get("file")),
                                ImportOptions.SignatureCheck.valueOf(a.getOrDefault(
                                        "signatures", ImportOptions.SignatureCheck.KNOWN_AUTHORS.name())),
                                heap,
                                result);
                    }
                }
                case "put" ->
                    result.putAll(PutLoop.run(
                            store, a.get("bucket"), Path.of(a.get("dir")), Integer.parseInt(a.get("threads"))));
                default -> throw new IllegalArgumentException("mode: export, import or put, not " + a.get("mode"));
            }
        }
        result.putAll(heap.stop());
        MeshCore.json()
                .writerWithDefaultPrettyPrinter()
                .writeValue(Path.of(a.get("result")).toFile(), result);
    }

    /** A core on the store; with {@code objects=} reading its objects from their files, as Mesh-Lite's embedded store. */
    private static MeshCore core(Map<String, String> a, S3MediaStore store) {
        DatabaseServer db = new DatabaseServer(a.get("jdbc"), a.get("dbUser"), null);
        byte[] masterKey = Base64.getDecoder().decode(System.getenv(MASTER_KEY_ENV));
        MediaStore media =
                a.containsKey("objects") ? new LocalFilesMediaStore(store, Path.of(a.get("objects"))) : store;
        return MeshCore.start(
                CoreSettings.builder()
                        .global(db)
                        .masterKey(masterKey)
                        .mediaBucket(a.get("bucket"))
                        // as Mesh-Lite's embedded default: a room this big is imported into a shard of its own
                        .importShardFrom(CoreSettings.IMPORT_SHARD_FROM_MESSAGES)
                        .build(),
                media,
                AwsShardStorage.connect(store.settings(), ShardSettings.defaults()));
    }

    private static void export(MeshCore core, UUID room, Path file, HeapWatch heap, Map<String, Object> result)
            throws Exception {
        PhaseClock phases = new PhaseClock();
        heap.attribute(phases::current);
        BundleMetadata metadata;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            metadata = core.exporter("https://bench.invalid").export(room, out, phases);
        }
        result.put("seconds", phases.elapsed());
        result.put("phases", phases.phases());
        // what this JVM used from its start to here: what the CLI's process uses, but for its exit
        result.put(
                "freshCpuSeconds",
                ((com.sun.management.OperatingSystemMXBean)
                                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime()
                        / 1e9);
        // the same export once more in this JVM, its code compiled by now: what a running server that has exported
        // before takes (the first call pays the JIT's warm-up on the same two cores)
        Path again = file.resolveSibling("again-" + file.getFileName());
        // as before every timed step: the kernel is not still writing the first export's 1.2 GB while this one writes
        long syncStart = System.nanoTime();
        Machine.sync();
        result.put("syncSeconds", (System.nanoTime() - syncStart) / 1e9);
        PhaseClock warm = new PhaseClock();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(again), 1 << 16)) {
            core.exporter("https://bench.invalid").export(room, out, warm);
        }
        result.put("warmSeconds", warm.elapsed());
        result.put("warmPhases", warm.phases());
        Files.delete(again);
        result.put("messages", metadata.counts().messages());
        result.put("media", metadata.counts().media());
        result.put("dbSqlBytes", metadata.dbSql().size());
        result.put("bundleBytes", Files.size(file));
    }

    private static void importBundle(
            MeshCore core,
            Path file,
            ImportOptions.SignatureCheck signatures,
            HeapWatch heap,
            Map<String, Object> result)
            throws Exception {
        PhaseClock phases = new PhaseClock();
        heap.attribute(phases::current);
        ImportResult r;
        ImportCommitWatch commit =
                ImportCommitWatch.start(core.internals().pools().global(), phases);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            r = core.importer()
                    .importBundle(in, file.getFileName().toString(), new ImportOptions(true, null, signatures), phases);
        } finally {
            commit.stop();
        }
        result.put("seconds", phases.elapsed());
        result.put("phases", phases.phases());
        result.put("roomId", r.roomId().toString());
        result.put("messages", r.messages());
        result.put("media", r.mediaFiles());
        result.put("mediaBytes", r.mediaBytes());
        result.put("signaturesChecked", r.signaturesChecked());
        result.put("signaturesValid", r.signaturesValid());
    }
}
