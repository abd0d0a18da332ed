package dev.meshrooms.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU time (user + system) a step of the benchmark costs, from Linux's /proc in clock ticks (USER_HZ, 100 a second
 * on x86-64 and arm64): what this JVM's children used (its {@code cutime} and {@code cstime} once they are reaped: a
 * child JVM, or a tool pipeline with everything it started) and what the machine's PostgreSQL processes used meanwhile
 * (their own time and what their postmaster reaped of ended backends: the benchmark's server, as no other should be
 * busy). For a child JVM also by thread: each thread's time as last sampled (every 200 ms), grouped by its name; the
 * rest of the child's total ("after last samples") is what threads ran after their last sample, short-lived threads
 * and the child's own child processes (the export's {@code sync}). Server-side time is attributed to the step that
 * ran while it was spent, so the benchmark runs one step at a time. On other systems the figures are absent.
 */
final class ProcessCpu {
    private static final double SECONDS_PER_TICK = 0.01;
    private static final long SAMPLE_MILLIS = 200;
    private static final Path PROC = Path.of("/proc");

    private final long childrenBefore = childrenTicks();
    private final long postgresBefore = postgresTicks();
    private final Map<String, Sample> threads = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private record Sample(String name, long ticks) {}

    private ProcessCpu(long pid) {
        this.sampler = pid < 0
                ? null
                : new Thread(
                        () -> {
                            while (running) {
                                sampleThreads(pid);
                                try {
                                    Thread.sleep(SAMPLE_MILLIS);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "cpu-sampler");
        if (sampler != null) {
            sampler.setDaemon(true);
            sampler.start();
        }
    }

    /** Starts counting for a step that runs in child processes; their threads are not sampled. */
    static ProcessCpu start() {
        return new ProcessCpu(-1);
    }

    /** Starts counting for a child JVM just started, sampling its threads. */
    static ProcessCpu watch(Process child) {
        return new ProcessCpu(child.pid());
    }

    /**
     * Once the step's processes have exited and been waited for: {@code cpuSeconds} (the children's),
     * {@code postgresCpuSeconds} and, for a watched child, {@code cpuByThread} (seconds by thread group, largest
     * first); empty where /proc is not there.
     */
    Map<String, Object> stop() {
        running = false;
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        long children = childrenTicks();
        if (children < 0 || childrenBefore < 0) {
            return out;
        }
        long total = children - childrenBefore;
        out.put("cpuSeconds", total * SECONDS_PER_TICK);
        out.put("postgresCpuSeconds", (postgresTicks() - postgresBefore) * SECONDS_PER_TICK);
        if (sampler != null) {
            Map<String, Long> groups = new TreeMap<>();
            long sampled = 0;
            for (Sample s : threads.values()) {
                groups.merge(group(s.name()), s.ticks(), Long::sum);
                sampled += s.ticks();
            }
            groups.put("after last samples", Math.max(0, total - sampled));
            Map<String, Object> byThread = new LinkedHashMap<>();
            groups.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> byThread.put(e.getKey(), e.getValue() * SECONDS_PER_TICK));
            out.put("cpuByThread", byThread);
        }
        return out;
    }

    /** A thread's group: the JIT's compilers, the GC's threads, the main thread, or its name without its number. */
    static String group(String name) {
        if (name.startsWith("C2 CompilerThre")) {
            return "JIT (C2)";
        }
        if (name.startsWith("C1 CompilerThre")) {
            return "JIT (C1)";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        if (name.equals("java")) {
            return "main"; // and native threads it started, which take its name
        }
        return name.replaceAll("[-#]?\\d+$", "");
    }

    private void sampleThreads(long pid) {
        try (DirectoryStream<Path> tasks =
                Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                try {
                    // one read a thread: stat holds its name too, in parentheses before the times
                    String stat = Files.readString(task.resolve("stat"));
                    long[] t = times(stat);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(task.getFileName().toString(), new Sample(name, t[0] + t[1]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the child has exited
        }
    }

    /** This JVM's reaped children's time, or -1 without /proc. */
    private static long childrenTicks() {
        try {
            long[] t = times(PROC.resolve("self").resolve("stat"));
            return t[2] + t[3];
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * All PostgreSQL server processes' time, their own and what they reaped (0 without /proc). A backend reaped while
     * the processes are read would be missed (or counted twice), so they are read again until what was reaped stayed
     * the same during a reading.
     */
    private static long postgresTicks() {
        long[] reading = readPostgres();
        for (int attempt = 0; attempt < 5; attempt++) {
            long[] again = readPostgres();
            if (again[1] == reading[1]) {
                return again[0];
            }
            reading = again;
        }
        return reading[0];
    }

    /** One reading of the PostgreSQL processes: all their time, and the part that is reaped children's. */
    private static long[] readPostgres() {
        long sum = 0;
        long reaped = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(
                PROC, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path p : all) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("postgres")) {
                        long[] t = times(p.resolve("stat"));
                        sum += t[0] + t[1] + t[2] + t[3];
                        reaped += t[2] + t[3];
                    }
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            return new long[2];
        }
        return new long[] {sum, reaped};
    }

    /** utime, stime, cutime and cstime of a stat file (fields 14-17; the name in parentheses may hold spaces). */
    private static long[] times(Path stat) throws IOException {
        return times(Files.readString(stat));
    }

    /** The same from a stat file's text. */
    private static long[] times(String s) {
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
