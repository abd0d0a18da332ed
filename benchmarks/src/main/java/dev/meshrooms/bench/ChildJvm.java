package dev.meshrooms.bench;

import dev.meshrooms.core.MeshCore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@link BundleChild} in a JVM of its own with this JVM's classpath and {@code -Xmx<childHeap>} (default 256m;
 * G1, exits on OutOfMemoryError), waits for it, and returns its JSON result plus {@code processSeconds} (JVM start to
 * exit) and the CPU time of its life ({@link ProcessCpu}: the child's by thread, and PostgreSQL's meanwhile).
 */
final class ChildJvm {
    private final String maxHeap;
    private final Path logDir;
    private final Map<String, String> secrets;
    private final Machine.Settling settling;

    ChildJvm(String maxHeap, Path logDir, Map<String, String> secrets, Machine.Settling settling) {
        this.settling = settling;
        this.maxHeap = "-Xmx" + maxHeap;
        this.logDir = logDir;
        this.secrets = secrets;
    }

    Map<String, Object> run(String name, List<String> args) throws IOException, InterruptedException {
        return run(name, args, List.of());
    }

    /** As {@link #run(String, List)}, with more JVM options for this child after BENCH_CHILD_JAVA_OPTS's. */
    @SuppressWarnings("unchecked")
    Map<String, Object> run(String name, List<String> args, List<String> javaOptions)
            throws IOException, InterruptedException {
        Path result = logDir.resolve(name + ".json");
        Path log = logDir.resolve(name + ".log");
        Files.deleteIfExists(result);
        settling.settle(); // the child times its call itself
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                maxHeap,
                "-XX:+ExitOnOutOfMemoryError"));
        if (javaOptions.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
            command.add("-XX:+UseG1GC");
        }
        // BENCH_CHILD_JAVA_OPTS: more options for the children, e.g. a flight recording to see where the time goes
        String extra = System.getenv()
                .getOrDefault("BENCH_CHILD_JAVA_OPTS", "")
                .replace("{name}", name)
                .trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(javaOptions);
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), BundleChild.class.getName(), "result=" + result));
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(secrets);
        long start = System.nanoTime();
        Process process = builder.start();
        ProcessCpu cpu = ProcessCpu.watch(process);
        int exit;
        Map<String, Object> cpuFigures;
        try {
            exit = process.waitFor();
        } finally {
            cpuFigures = cpu.stop();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0 || !Files.exists(result)) {
            List<String> lines = Files.readAllLines(log);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            throw new IllegalStateException(
                    "child " + name + " failed with exit code " + exit + "; the end of " + log + ":\n" + tail);
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(MeshCore.json().readValue(result.toFile(), Map.class));
        out.put("processSeconds", seconds);
        out.putAll(cpuFigures);
        return out;
    }
}
