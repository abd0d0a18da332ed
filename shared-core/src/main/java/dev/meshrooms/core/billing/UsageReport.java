package dev.meshrooms.core.billing;

import dev.meshrooms.core.usage.UsageHistory;
import dev.meshrooms.core.usage.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A room's usage as its settings page shows it: the samples of the last {@link #DAYS} days and what its shard has cost
 * so far this month.
 */
public record UsageReport(Instant from, Instant to, List<UsageSample> samples, MonthToDate month) {
    public static final int DAYS = 30;

    public static UsageReport of(UsageHistory history, UUID roomId, PricingSnapshot prices, Instant now) {
        Instant chartFrom = now.minus(Duration.ofDays(DAYS));
        Instant monthFrom = MonthToDate.of(List.of(), prices, now).from();
        // the month's first sample may be older than the chart: read from whichever starts earlier, less a day so the
        // sample in force at the start of the month is there too
        Instant from = (monthFrom.isBefore(chartFrom) ? monthFrom : chartFrom).minus(Duration.ofDays(1));
        List<UsageSample> read = history.of(roomId, from, now.plusSeconds(1));
        List<UsageSample> shown =
                read.stream().filter(s -> !s.sampledAt().isBefore(chartFrom)).toList();
        return new UsageReport(chartFrom, now, shown, MonthToDate.of(read, prices, now));
    }

    public UsageSample latest() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }
}
