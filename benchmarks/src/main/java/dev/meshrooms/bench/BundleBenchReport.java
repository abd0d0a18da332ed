package dev.meshrooms.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The table {@link BundleBench} prints: medians over the runs (heap: the largest of any run). */
final class BundleBenchReport {
    /** Ours over the tools' export (pg_dump | zstd + tar | zstd), fresh and again. */
    static final double EXPORT_GOAL = 0.8;
    /** Ours over the floor a user reaches by hand: zstd -dc | psql, zstd -dc | tar -x, cp -r into the store. */
    static final double IMPORT_GOAL = 1.5;
    /** The same with every signature checked. */
    static final double ALL_SIGNATURES_GOAL = 2.5;

    static final long HEAP_GOAL = 256L << 20;

    /** One export and one import by each side. */
    record Round(
            Map<String, Object> export,
            long bundleBytes,
            StandardTools.Run dump,
            long dumpBytes,
            StandardTools.Run tar,
            long tarBytes,
            Map<String, Object> imported,
            StandardTools.Run psql,
            StandardTools.Run untar,
            Map<String, Object> put,
            StandardTools.Run cp,
            long restoredMessages,
            Map<String, Object> importedAll) {
        double exportSeconds() {
            return num(export, "seconds");
        }

        double importSeconds() {
            return num(imported, "seconds");
        }

        double allSignaturesImportSeconds() {
            return num(importedAll, "seconds");
        }

        double toolsExportSeconds() {
            return dump.seconds() + tar.seconds();
        }

        double toolsImportSeconds() {
            return psql.seconds() + untar.seconds() + num(put, "seconds");
        }

        /** The tools' import with {@code cp -r} into the store's folder instead of the put loop. */
        double toolsCopyImportSeconds() {
            return psql.seconds() + untar.seconds() + cp.seconds();
        }
    }

    private BundleBenchReport() {}

    static void print(
            PrintStream out,
            BundleBenchOptions o,
            ReferenceRoom room,
            List<Round> rounds,
            String machine,
            String loadBefore,
            String loadAfter) {
        Round last = rounds.get(rounds.size() - 1);
        String row = "  %-52s %9s %11s %11s %11s  %s%n";
        out.println();
        out.println("== Portable rooms: export and import vs the standard tools ==");
        out.printf(
                "room     %s, %,d users; built in %.0f s (not timed below)%n",
                room.describe(), o.users(), room.buildSeconds());
        out.printf("machine  %s%n", machine);
        out.printf("load     before %s; after %s (1/5/15 min)%n", loadBefore, loadAfter);
        out.printf(
                "runs     %d%s; ours in child JVMs %s (G1); times are the exporter/importer call (JVM start excluded)%n",
                rounds.size(), rounds.size() > 1 ? " (medians; heaps: the largest)" : "", "-Xmx" + o.childHeap());
        out.println();
        out.printf(row, "EXPORT", "time", "peak heap", "after GC", "peak RSS", "output");
        out.printf(
                row,
                "ours: RoomExporter",
                Sizes.seconds(median(rounds, Round::exportSeconds)),
                heap(rounds, "export", "peakHeapUsed"),
                heap(rounds, "export", "heapAfterGc"),
                Sizes.human(maxLong(rounds, r -> num(r.export(), "peakRss"))),
                "room.tar.zst " + Sizes.human(last.bundleBytes()) + " (db.sql "
                        + Sizes.human((long) num(last.export(), "dbSqlBytes")) + ")");
        Map<String, Double> ep = phases(last.export());
        out.printf(
                "      phases: db.sql (COPY to a temp file) %s, tar+zstd of db.sql and media from S3 %s; child JVM %s%n",
                Sizes.seconds(at(ep, "media") - at(ep, "database")),
                Sizes.seconds(at(ep, "done") - at(ep, "media")),
                Sizes.seconds(num(last.export(), "processSeconds")));
        out.printf(
                "      heap by phase (peak/after GC): %s; GC time %s%n",
                heapByPhase(last.export()), Sizes.seconds(num(last.export(), "gcSeconds")));
        double freshCpu = num(last.export(), "freshCpuSeconds");
        out.printf(
                "      CPU: %s; both exports, of which the JVM's from its start to the end of the first: %s%n",
                cpu(last.export()), freshCpu < 0 ? "not measured" : String.format("%.1f s", freshCpu));
        out.printf(
                row,
                "tools: " + last.dump().label(),
                Sizes.seconds(median(rounds, r -> r.dump().seconds())),
                "",
                "",
                Sizes.human(last.dump().peakRss()),
                "db.sql.zst " + Sizes.human(last.dumpBytes()));
        out.printf(
                row,
                "tools: " + last.tar().label(),
                Sizes.seconds(median(rounds, r -> r.tar().seconds())),
                "",
                "",
                Sizes.human(last.tar().peakRss()),
                "media.tar.zst " + Sizes.human(last.tarBytes()));
        out.printf(row, "tools: total", Sizes.seconds(median(rounds, Round::toolsExportSeconds)), "", "", "", "");
        out.printf("      CPU: %s%n", toolsCpu(List.of(last.dump(), last.tar())));
        double exportRatio = median(rounds, r -> r.exportSeconds() / r.toolsExportSeconds());
        out.printf(
                "  ratio ours/tools %.2f   goal <= %.1f   %s%n",
                exportRatio, EXPORT_GOAL, verdict(exportRatio <= EXPORT_GOAL));
        out.printf(
                row,
                "ours, the same export again in the same JVM",
                Sizes.seconds(median(rounds, r -> num(r.export(), "warmSeconds"))),
                "",
                "",
                "",
                "a server that has exported before (compiled code)");
        double warmRatio = median(rounds, r -> num(r.export(), "warmSeconds") / r.toolsExportSeconds());
        out.printf(
                "  ratio again/tools %.2f   goal <= %.1f   %s%n",
                warmRatio, EXPORT_GOAL, verdict(warmRatio <= EXPORT_GOAL));
        out.println();
        out.printf(row, "IMPORT", "time", "peak heap", "after GC", "peak RSS", "result");
        out.printf(
                row,
                "ours: RoomImporter (default; fresh instance)",
                Sizes.seconds(median(rounds, Round::importSeconds)),
                heap(rounds, "imported", "peakHeapUsed"),
                heap(rounds, "imported", "heapAfterGc"),
                Sizes.human(maxLong(rounds, r -> num(r.imported(), "peakRss"))),
                String.format(
                        "%,d messages, %,d media; signatures of authors known here: %,d of %,d valid",
                        (long) num(last.imported(), "messages"),
                        (long) num(last.imported(), "media"),
                        (long) num(last.imported(), "signaturesValid"),
                        (long) num(last.imported(), "signaturesChecked")));
        importPhases(out, last.imported(), "the translation");
        out.printf(
                "      heap by phase (peak/after GC): %s; GC time %s%n",
                heapByPhase(last.imported()), Sizes.seconds(num(last.imported(), "gcSeconds")));
        out.printf("      CPU: %s%n", cpu(last.imported()));
        out.printf(
                row,
                "tools: " + last.psql().label() + " (fresh database)",
                Sizes.seconds(median(rounds, r -> r.psql().seconds())),
                "",
                "",
                Sizes.human(last.psql().peakRss()),
                String.format("%,d messages restored", last.restoredMessages()));
        out.printf(
                row,
                "tools: " + last.untar().label(),
                Sizes.seconds(median(rounds, r -> r.untar().seconds())),
                "",
                "",
                Sizes.human(last.untar().peakRss()),
                "");
        out.printf(
                row,
                "tools: put loop (Java, " + o.uploadThreads() + " threads, AWS SDK)",
                Sizes.seconds(median(rounds, r -> num(r.put(), "seconds"))),
                heap(rounds, "put", "peakHeapUsed"),
                heap(rounds, "put", "heapAfterGc"),
                Sizes.human(maxLong(rounds, r -> num(r.put(), "peakRss"))),
                String.format(
                        "%,d files, %s, %d put(s) retried",
                        (long) num(last.put(), "files"), Sizes.human((long) num(last.put(), "bytes")), (long)
                                num(last.put(), "retries")));
        out.printf(row, "tools: total", Sizes.seconds(median(rounds, Round::toolsImportSeconds)), "", "", "", "");
        double importRatio = median(rounds, r -> r.importSeconds() / r.toolsImportSeconds());
        double importRatioNoUntar = median(
                rounds,
                r -> r.importSeconds() / (r.toolsImportSeconds() - r.untar().seconds()));
        out.printf("  ratio ours/tools %.2f   (%.2f against psql + put loop alone)%n", importRatio, importRatioNoUntar);
        out.printf(
                row,
                "tools, for reference: " + last.cp().label(),
                Sizes.seconds(median(rounds, r -> r.cp().seconds())),
                "",
                "",
                Sizes.human(last.cp().peakRss()),
                "plain files: no content type or ETag for the store");
        out.printf("      CPU of psql + untar + cp -r: %s%n", toolsCpu(List.of(last.psql(), last.untar(), last.cp())));
        double copyRatio = median(rounds, r -> r.importSeconds() / r.toolsCopyImportSeconds());
        out.printf(
                "  ratio ours/(psql + untar + cp -r) %.2f   goal <= %.1f   %s   (ours writes through s3proxy's filesystem"
                        + " engine in-process; the put loop above goes through its S3 API)%n",
                copyRatio, IMPORT_GOAL, verdict(copyRatio <= IMPORT_GOAL));
        out.printf(
                row,
                "ours, --check-all-signatures (SignatureCheck.ALL)",
                Sizes.seconds(median(rounds, Round::allSignaturesImportSeconds)),
                heap(rounds, "importedAll", "peakHeapUsed"),
                heap(rounds, "importedAll", "heapAfterGc"),
                Sizes.human(maxLong(rounds, r -> num(r.importedAll(), "peakRss"))),
                String.format(
                        "%,d of %,d signatures valid; the tools check none",
                        (long) num(last.importedAll(), "signaturesValid"),
                        (long) num(last.importedAll(), "signaturesChecked")));
        importPhases(out, last.importedAll(), "the translation and the signature check");
        out.printf("      CPU: %s%n", cpu(last.importedAll()));
        double allRatio = median(rounds, r -> r.allSignaturesImportSeconds() / r.toolsCopyImportSeconds());
        out.printf(
                "  ratio with every signature checked / (psql + untar + cp -r) %.2f   goal <= %.1f   %s%n",
                allRatio, ALL_SIGNATURES_GOAL, verdict(allRatio <= ALL_SIGNATURES_GOAL));
        out.println();
        long exportHeap = maxLong(rounds, r -> num(r.export(), "peakHeapUsed"));
        long importHeap = Math.max(
                maxLong(rounds, r -> num(r.imported(), "peakHeapUsed")),
                maxLong(rounds, r -> num(r.importedAll(), "peakHeapUsed")));
        out.printf(
                "PEAK HEAP  export %s, import %s   goal <= 256 MiB   %s (both ran in -Xmx%s without OutOfMemoryError)%n",
                Sizes.mib(exportHeap),
                Sizes.mib(importHeap),
                verdict(exportHeap <= HEAP_GOAL && importHeap <= HEAP_GOAL),
                o.childHeap());
        out.println(
                "  peak heap: most heap in use (before each GC, and 10 ms samples in between); after GC: most heap occupied"
                        + " right after a GC (an upper bound of the live set); peak RSS: VmHWM of the child JVM, or of the largest"
                        + " process of a tool pipeline (GNU time %M)");
    }

    /** Adds each round's ratios to {@code ./bench all}'s summary ({@link SummaryFile}). */
    static void summarize(List<Round> rounds) {
        String tools = "pg_dump | zstd -1 -T2 + tar | zstd -1 -T2";
        String floor = "zstd -dc | psql + zstd -dc | tar -x + cp -r";
        for (Round r : rounds) {
            // the child's life minus what the CLI does not do: the sync between the exports and the second export
            double fresh =
                    num(r.export(), "processSeconds") - num(r.export(), "warmSeconds") - num(r.export(), "syncSeconds");
            double warm = num(r.export(), "warmSeconds");
            ratio(
                    "export-fresh",
                    "export of the reference room, fresh JVM (start to exit, as the CLI runs it)",
                    tools,
                    EXPORT_GOAL,
                    fresh,
                    r.toolsExportSeconds());
            ratio(
                    "export-again",
                    "export, a server that has exported before",
                    tools,
                    EXPORT_GOAL,
                    warm,
                    r.toolsExportSeconds());
            ratio(
                    "import",
                    "import into Mesh-Lite's embedded default (default signature check)",
                    floor,
                    IMPORT_GOAL,
                    r.importSeconds(),
                    r.toolsCopyImportSeconds());
            ratio(
                    "import-all",
                    "import with every signature checked",
                    floor,
                    ALL_SIGNATURES_GOAL,
                    r.allSignaturesImportSeconds(),
                    r.toolsCopyImportSeconds());
            long heap = Math.max(
                    (long) num(r.export(), "peakHeapUsed"),
                    Math.max((long) num(r.imported(), "peakHeapUsed"), (long) num(r.importedAll(), "peakHeapUsed")));
            SummaryFile.round(
                    "heap",
                    "peak heap of export and import (MiB; the children run in -Xmx256m, so more fails the run)",
                    "-",
                    "<= " + (HEAP_GOAL >> 20),
                    heap / 1048576.0,
                    String.format(
                            "export %s, import %s, all signatures %s",
                            Sizes.mib((long) num(r.export(), "peakHeapUsed")),
                            Sizes.mib((long) num(r.imported(), "peakHeapUsed")),
                            Sizes.mib((long) num(r.importedAll(), "peakHeapUsed"))));
        }
    }

    /** One round of a goal on ours / the reference's seconds. */
    private static void ratio(String id, String what, String reference, double goal, double ours, double theirs) {
        SummaryFile.round(
                id, what, reference, "<= " + goal, ours / theirs, String.format("%.1f s vs %.1f s", ours, theirs));
    }

    /** One import's phases; {@code beside}: what runs beside the media upload. */
    private static void importPhases(PrintStream out, Map<String, Object> imported, String beside) {
        Map<String, Double> p = phases(imported);
        out.printf(
                "      phases: metadata+staging schema %s, db.sql COPY %s, media upload (%s beside it) %s, then waiting"
                        + " for it and committing %s, after the commit %s; child JVM %s%n",
                Sizes.seconds(at(p, "database")),
                Sizes.seconds(at(p, "media") - at(p, "database")),
                beside,
                Sizes.seconds(at(p, "links") - at(p, "media")),
                Sizes.seconds(at(p, "verify") - at(p, "links")),
                Sizes.seconds(at(p, "done") - at(p, "verify")),
                Sizes.seconds(num(imported, "processSeconds")));
    }

    /**
     * A child's CPU time over its life (the last round's): the JVM's by thread group (the five largest, then the rest)
     * and PostgreSQL's, and how many of the cores that kept busy.
     */
    @SuppressWarnings("unchecked")
    static String cpu(Map<String, Object> result) {
        double jvm = num(result, "cpuSeconds");
        if (jvm < 0) {
            return "not measured (no /proc)";
        }
        double server = Math.max(0, num(result, "postgresCpuSeconds"));
        Map<String, Object> byThread = (Map<String, Object>) result.getOrDefault("cpuByThread", Map.of());
        List<String> parts = new ArrayList<>();
        double shown = 0;
        for (Map.Entry<String, Object> e : byThread.entrySet()) {
            double seconds = ((Number) e.getValue()).doubleValue();
            if (parts.size() == 5) {
                break;
            }
            parts.add(String.format("%s %.1f", e.getKey(), seconds));
            shown += seconds;
        }
        if (jvm - shown >= 0.05) {
            parts.add(String.format("other %.1f", jvm - shown));
        }
        double wall = num(result, "processSeconds");
        return String.format(
                "%.1f s = JVM %.1f s (%s) + PostgreSQL %.1f s; %.2f of %d cores busy over the child's %.1f s",
                jvm + server,
                jvm,
                String.join(", ", parts),
                server,
                (jvm + server) / wall,
                Runtime.getRuntime().availableProcessors(),
                wall);
    }

    /** The CPU time of tool pipelines: each one's and PostgreSQL's meanwhile. */
    static String toolsCpu(List<StandardTools.Run> runs) {
        List<String> parts = new ArrayList<>();
        double total = 0;
        double wall = 0;
        for (StandardTools.Run run : runs) {
            if (run.cpuSeconds() < 0) {
                return "not measured (no /proc)";
            }
            parts.add(String.format(
                    "%s %.1f s%s",
                    run.label(),
                    run.cpuSeconds(),
                    run.postgresCpuSeconds() >= 0.05
                            ? String.format(" + PostgreSQL %.1f s", run.postgresCpuSeconds())
                            : ""));
            total += run.cpuSeconds() + Math.max(0, run.postgresCpuSeconds());
            wall += run.seconds();
        }
        return String.format(
                "%.1f s (%s); %.2f of %d cores busy over their %.1f s",
                total,
                String.join(", ", parts),
                total / wall,
                Runtime.getRuntime().availableProcessors(),
                wall);
    }

    @SuppressWarnings("unchecked")
    private static String heapByPhase(Map<String, Object> result) {
        Map<String, Map<String, Object>> phases =
                (Map<String, Map<String, Object>>) result.getOrDefault("heapByPhase", Map.of());
        List<String> parts = new ArrayList<>();
        for (String name : phases(result).entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList()) {
            Map<String, Object> p = phases.get(name);
            if (p != null) {
                parts.add(name + " " + Sizes.mib((long) num(p, "peakHeapUsed")) + "/"
                        + Sizes.mib((long) num(p, "heapAfterGc")));
            }
        }
        Map<String, Object> start = phases.get("start");
        if (start != null) {
            parts.add(
                    0,
                    "start " + Sizes.mib((long) num(start, "peakHeapUsed")) + "/"
                            + Sizes.mib((long) num(start, "heapAfterGc")));
        }
        return String.join(", ", parts);
    }

    private static String heap(List<Round> rounds, String side, String key) {
        return Sizes.mib(maxLong(rounds, r -> num(side(r, side), key)));
    }

    private static Map<String, Object> side(Round r, String side) {
        return switch (side) {
            case "export" -> r.export();
            case "imported" -> r.imported();
            case "importedAll" -> r.importedAll();
            default -> r.put();
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> phases(Map<String, Object> result) {
        Map<String, Double> out = new java.util.HashMap<>();
        ((Map<String, Object>) result.getOrDefault("phases", Map.of()))
                .forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
        return out;
    }

    private static double at(Map<String, Double> phases, String phase) {
        return phases.getOrDefault(phase, Double.NaN);
    }

    static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : -1;
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
        List<Double> values =
                new ArrayList<>(rounds.stream().map(f::applyAsDouble).toList());
        values.sort(Double::compare);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static long maxLong(List<Round> rounds, ToDoubleFunction<Round> f) {
        return (long) rounds.stream().mapToDouble(f).max().orElse(-1);
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }
}
