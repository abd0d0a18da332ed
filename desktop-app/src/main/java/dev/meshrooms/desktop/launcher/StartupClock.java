package dev.meshrooms.desktop.launcher;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

/** Milliseconds since this process started, for the start-up lines the desktop benchmark reads from the log. */
final class StartupClock {
    private static final Instant STARTED = ProcessHandle.current().info().startInstant()
            .orElseGet(() -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));

    private StartupClock() {
    }

    static long millis() {
        return Duration.between(STARTED, Instant.now()).toMillis();
    }
}
