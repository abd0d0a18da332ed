package dev.meshrooms.core.billing;

import dev.meshrooms.core.usage.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What a room's own shard has cost so far this month (UTC), at list prices, from its usage samples: each sample's
 * figures hold until the next one (the last until now), and only time with a shard counts. Storage is summed as
 * GB-months (GB × hours ÷ 730, the hours of an average month, as the stores bill it); the key is paid per month of
 * shard time.
 *
 * @param databaseGbMonths the shard's rows and indexes
 * @param mediaGbMonths    its media
 * @param shardHours       hours this month with a shard of its own
 */
public record MonthToDate(
        PricingSnapshot prices, Instant from, double databaseGbMonths, double mediaGbMonths, double shardHours) {
    /** Hours in an average month (8,760 ÷ 12): how the stores turn GB-hours into GB-months. */
    public static final double HOURS_PER_MONTH = 730;

    private static final double GB = 1024.0 * 1024 * 1024;

    /** From a room's samples (oldest first, any range: those before this month only set where it starts). */
    public static MonthToDate of(List<UsageSample> samples, PricingSnapshot prices, Instant now) {
        Instant monthStart = YearMonth.from(now.atZone(ZoneOffset.UTC))
                .atDay(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        double dbGbHours = 0;
        double mediaGbHours = 0;
        double hours = 0;
        for (int i = 0; i < samples.size(); i++) {
            UsageSample s = samples.get(i);
            Instant until = i + 1 < samples.size() ? samples.get(i + 1).sampledAt() : now;
            Instant since = s.sampledAt().isBefore(monthStart) ? monthStart : s.sampledAt();
            if (!s.sharded() || !until.isAfter(since)) {
                continue;
            }
            double h = Duration.between(since, until).toMillis() / 3_600_000.0;
            dbGbHours += s.dbBytes() / GB * h;
            mediaGbHours += s.mediaBytes() / GB * h;
            hours += h;
        }
        return new MonthToDate(prices, monthStart, dbGbHours / HOURS_PER_MONTH, mediaGbHours / HOURS_PER_MONTH, hours);
    }

    public double databaseCost() {
        return databaseGbMonths * prices.databasePerGbMonth();
    }

    public double mediaCost() {
        return mediaGbMonths * prices.storagePerGbMonth();
    }

    public double keyCost() {
        return shardHours / HOURS_PER_MONTH * prices.keyPerMonth();
    }

    public double total() {
        return databaseCost() + mediaCost() + keyCost();
    }
}
