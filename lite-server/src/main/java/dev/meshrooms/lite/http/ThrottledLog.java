package dev.meshrooms.lite.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Warnings about transient conditions, one line per kind and period: the first occurrence is logged at once,
 * the rest of the period is counted and reported with the next line. A pool under pressure answers hundreds of
 * requests a second with 503; the log gets one line every few seconds saying how many.
 */
final class ThrottledLog {
    private final Logger log;
    private final long periodNanos;
    private final Map<String, long[]> state = new HashMap<>();

    ThrottledLog(Logger log, Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    /** Logs {@code line} unless a line of this {@code kind} was logged within the period; counts it then. */
    void warn(String kind, String line) {
        long now = System.nanoTime();
        long suppressed;
        synchronized (state) {
            long[] s = state.computeIfAbsent(kind, c -> new long[] {now - periodNanos, 0});
            if (now - s[0] < periodNanos) {
                s[1]++;
                return;
            }
            suppressed = s[1];
            s[0] = now;
            s[1] = 0;
        }
        if (suppressed > 0) {
            log.warn("{} ({} more like it since the last line)", line, suppressed);
        } else {
            log.warn(line);
        }
    }
}
