package dev.meshrooms.desktop.launcher;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

/** Milliseconds since this process started, for the start-up lines the desktop benchmark reads from the log. */
final class StartupClock {
    private static final Instant STARTED = ProcessHandle.current()
            .info()
            .startInstant()
            .orElseGet(() ->
                    Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));

    private StartupClock() {}

    static long millis() {
        return Duration.between(STARTED, Instant.now()).toMillis();
    }

    /** "N ms after the process started (CPU M ms)": wall clock, and this JVM's CPU time, which load on the machine bends less. */
    static String since() {
        long cpu = ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L);
        return millis() + " ms after the process started (CPU " + cpu + " ms)";
    }
}
