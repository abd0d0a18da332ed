package dev.meshrooms.bench;

import dev.meshrooms.core.routing.DatabaseServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A side mode of {@link BundleBench} for looking into the export alone: with {@code BENCH_EXPORT_VARIANTS} set to
 * {@code name=options|name=options} (JVM options of the export child, e.g. {@code g1=|serial=-XX:+UseSerialGC}), each
 * round runs the tools' export once and our export once per variant, interleaved, and prints each export's fresh and
 * warm seconds against the tools' of its round, with the child's peak heap and the bundle's size. No import is run.
 */
final class ExportVariants {
    private ExportVariants() {}

    static void run(
            String spec,
            BundleBenchOptions o,
            EmbeddedPostgres pg,
            DatabaseServer source,
            ReferenceRoom room,
            BenchStore s3,
            ChildJvm child,
            StandardTools tools,
            Path out,
            PrintStream log)
            throws Exception {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (String v : spec.split("\\|")) {
            String name = v.substring(0, v.indexOf('=')).strip();
            String options = v.substring(v.indexOf('=') + 1).strip();
            variants.put(name, options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
        }
        List<String> lines = new ArrayList<>();
        for (int r = 1; r <= o.runs(); r++) {
            Path bundle = out.resolve("room.tar.zst");
            Path dbZst = out.resolve("db.sql.zst");
            Path mediaZst = out.resolve("media.tar.zst");
            for (Path previous : List.of(dbZst, mediaZst)) {
                Files.deleteIfExists(previous);
            }
            StandardTools.Run dump = BundleBench.dump(tools, "pg_dump-" + r, pg, source, room, dbZst);
            StandardTools.Run tar = BundleBench.tar(tools, "tar-" + r, room, mediaZst);
            double toolsSeconds = dump.seconds() + tar.seconds();
            lines.add(String.format(
                    "round %d tools %.2f s (pg_dump %.2f, tar %.2f)", r, toolsSeconds, dump.seconds(), tar.seconds()));
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                Files.deleteIfExists(bundle);
                Map<String, Object> e = child.run(
                        "export-" + v.getKey() + "-" + r,
                        BundleBench.exportArgs(s3, source, room, bundle),
                        v.getValue());
                double fresh = ((Number) e.get("seconds")).doubleValue();
                double warm = ((Number) e.get("warmSeconds")).doubleValue();
                lines.add(String.format(
                        "round %d %-12s fresh %.2f s (%.2f)  warm %.2f s (%.2f)  peak heap %s, %s  phases %s warm %s",
                        r,
                        v.getKey(),
                        fresh,
                        fresh / toolsSeconds,
                        warm,
                        warm / toolsSeconds,
                        Sizes.mib(((Number) e.get("peakHeapUsed")).longValue()),
                        Sizes.human(Files.size(bundle)),
                        e.get("phases"),
                        e.get("warmPhases")));
                log.println(lines.get(lines.size() - 1));
            }
        }
        log.println("export variants:");
        lines.forEach(log::println);
    }
}
