package dev.meshrooms.core.usage;

import dev.meshrooms.core.error.MeshException;
import java.time.Duration;

/**
 * How often rooms' usage is sampled and how long the samples are kept.
 *
 * @param interval  time between two runs of the sampler ({@code MESH_USAGE_INTERVAL}, 15 minutes by default)
 * @param retention samples older than this are removed by the sampler ({@code MESH_USAGE_RETENTION_DAYS}, 400 days:
 *                  a year of history and the month being billed)
 */
public record UsageSettings(Duration interval, Duration retention) {
    public static final UsageSettings DEFAULTS = new UsageSettings(Duration.ofMinutes(15), Duration.ofDays(400));

    public UsageSettings validate() {
        if (interval.compareTo(Duration.ofSeconds(10)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw MeshException.invalid(
                    "MESH_USAGE_INTERVAL", "is " + interval + "; use between 10 seconds and a day (15 minutes: PT15M)");
        }
        if (retention.compareTo(Duration.ofDays(35)) < 0) {
            throw MeshException.invalid(
                    "MESH_USAGE_RETENTION_DAYS",
                    "is " + retention.toDays() + " days; keep at least 35, or a month's bill loses its first days");
        }
        return this;
    }
}
