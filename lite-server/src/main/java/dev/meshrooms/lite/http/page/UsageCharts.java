package dev.meshrooms.lite.http.page;

import dev.meshrooms.core.billing.MonthToDate;
import dev.meshrooms.core.billing.UsageReport;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.usage.UsageSample;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** Builds the Usage panel: figures formatted, charts as polyline points scaled to their largest value. */
final class UsageCharts {
    static final int WIDTH = 560;
    static final int HEIGHT = 120;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ROOT);

    private UsageCharts() {}

    static UsagePanel panel(UsageReport report, boolean sharded, ZoneId zone) {
        UsageSample latest = report.latest();
        MonthToDate month = report.month();
        String basis = String.format(
                Locale.ROOT,
                "rows %.4f GB-months, media %.4f GB-months, %.1f hours with its own key, at list prices since %s",
                month.databaseGbMonths(),
                month.mediaGbMonths(),
                month.shardHours(),
                DAY.format(month.from().atZone(zone)));
        if (latest == null) {
            return new UsagePanel(
                    false, 0, "", "", "", "", "", "", "", "", "", sharded, Views.money(month.total()), basis);
        }
        long maxStorage = max(report.samples(), UsageSample::storageBytes);
        long maxMessages = max(report.samples(), UsageSample::messages);
        return new UsagePanel(
                true,
                report.samples().size(),
                DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT)
                        .format(latest.sampledAt().atZone(zone)),
                ByteSizes.human(latest.storageBytes()),
                String.format(Locale.ROOT, "%,d", latest.messages()),
                points(report.samples(), report.from(), report.to(), UsageSample::storageBytes, maxStorage),
                ByteSizes.human(maxStorage),
                points(report.samples(), report.from(), report.to(), UsageSample::messages, maxMessages),
                String.format(Locale.ROOT, "%,d", maxMessages),
                DAY.format(report.from().atZone(zone)),
                DAY.format(report.to().atZone(zone)),
                sharded,
                Views.money(month.total()),
                basis);
    }

    static String points(
            List<UsageSample> samples, Instant from, Instant to, ToLongFunction<UsageSample> value, long max) {
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        double top = Math.max(1, max);
        StringBuilder out = new StringBuilder();
        for (UsageSample s : samples) {
            double x = (s.sampledAt().toEpochMilli() - from.toEpochMilli()) / span * WIDTH;
            double y = HEIGHT - value.applyAsLong(s) / top * (HEIGHT - 4) - 2;
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return out.toString();
    }

    private static long max(List<UsageSample> samples, ToLongFunction<UsageSample> value) {
        return samples.stream().mapToLong(value).max().orElse(0);
    }
}
