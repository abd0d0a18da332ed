package dev.meshrooms.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on, and how busy it was (other builds may share the machine). */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = firstValue("/proc/cpuinfo", "model name");
        String mem = firstValue("/proc/meminfo", "MemTotal");
        long memKb = mem.isEmpty() ? -1 : Long.parseLong(mem.replaceAll("[^0-9]", ""));
        return String.format(
                "%d cores (%s), %s RAM, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(),
                cpu.isEmpty() ? "cpu unknown" : cpu,
                memKb < 0 ? "?" : String.format("%.0f GiB", memKb / 1048576.0),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.runtime.version"));
    }

    /** The 1, 5 and 15 minute load averages, as in uptime. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** What runs before every timed step, outside its timing, so that no step pays for the one before. */
    @FunctionalInterface
    interface Settling {
        void settle() throws IOException, InterruptedException;
    }

    /**
     * Writes the dirty pages of the steps before to disk ({@code sync}): each step writes 1-2 GB, and the kernel
     * should not be flushing one step's files while the next is timed.
     */
    static void sync() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static String firstValue(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(key))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
