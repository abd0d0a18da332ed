package dev.meshrooms.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one standard-tool pipeline under {@code bash -o pipefail} and GNU {@code /usr/bin/time}, for its wall time, the
 * peak resident set of its largest process ({@code %M}; server-side memory is not counted, for either side) and its
 * CPU time ({@link ProcessCpu}).
 */
final class StandardTools {
    static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private final Path logDir;
    private final Machine.Settling settling;

    /** One pipeline's figures; its CPU time (all its processes') and PostgreSQL's meanwhile, -1 where unknown. */
    record Run(
            String label, String command, double seconds, long peakRss, double cpuSeconds, double postgresCpuSeconds) {}

    StandardTools(Path logDir, Machine.Settling settling) {
        this.settling = settling;
        this.logDir = logDir;
    }

    Run run(String name, String label, String shell) throws IOException, InterruptedException {
        Path timeFile = logDir.resolve(name + ".time");
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        "/usr/bin/time", "-f", "%M", "-o", timeFile.toString(), "bash", "-o", "pipefail", "-c", shell)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        settling.settle();
        ProcessCpu cpu = ProcessCpu.start();
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> cpuFigures = cpu.stop();
        if (exit != 0) {
            throw new IllegalStateException(
                    label + " failed with exit code " + exit + ": " + shell + "\n" + Files.readString(log));
        }
        List<String> time = Files.readAllLines(timeFile);
        long rssKb = Long.parseLong(time.get(time.size() - 1).strip());
        return new Run(
                label,
                shell,
                seconds,
                rssKb * 1024,
                BundleBenchReport.num(cpuFigures, "cpuSeconds"),
                BundleBenchReport.num(cpuFigures, "postgresCpuSeconds"));
    }

    static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
