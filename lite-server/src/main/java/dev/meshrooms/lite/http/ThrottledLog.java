package dev.meshrooms.lite.http;

import dev.meshrooms.core.error.ErrorCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Warnings about transient conditions, one line per error code and period: the first occurrence is logged at once,
 * the rest of the period is counted and reported with the next line. A pool under pressure answers hundreds of
 * requests a second with 503; the log gets one line every few seconds saying how many.
 */
final class ThrottledLog {
    private final Logger log;
    private final long periodNanos;
    private final Map<ErrorCode, long[]> state = new EnumMap<>(ErrorCode.class);

    ThrottledLog(Logger log, Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    /** Logs {@code line} unless a line for {@code code} was logged within the period; counts it then. */
    void warn(ErrorCode code, String line) {
        long now = System.nanoTime();
        long suppressed;
        synchronized (state) {
            long[] s = state.computeIfAbsent(code, c -> new long[] {now - periodNanos, 0});
            if (now - s[0] < periodNanos) {
                s[1]++;
                return;
            }
            suppressed = s[1];
            s[0] = now;
            s[1] = 0;
        }
        if (suppressed > 0) {
            log.warn("{} (answered {} with Retry-After; {} more like it since the last line)", line, code.httpStatus(),
                    suppressed);
        } else {
            log.warn("{} (answered {} with Retry-After)", line, code.httpStatus());
        }
    }
}
