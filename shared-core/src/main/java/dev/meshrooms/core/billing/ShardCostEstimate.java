package dev.meshrooms.core.billing;

import java.util.List;

/**
 * What a room's own shard would cost per month at list prices: its rows in PostgreSQL (measured row bytes plus the
 * snapshot's index overhead), its media in object storage, and its own encryption key.
 */
public record ShardCostEstimate(PricingSnapshot prices, long rowBytes, long mediaBytes, List<Line> lines) {
    private static final double GB = 1024.0 * 1024 * 1024;

    public record Line(String label, String basis, double monthly) {}

    public static ShardCostEstimate of(PricingSnapshot prices, long rowBytes, long mediaBytes) {
        double dbGb = rowBytes * (1 + prices.indexOverhead()) / GB;
        double mediaGb = mediaBytes / GB;
        return new ShardCostEstimate(
                prices,
                rowBytes,
                mediaBytes,
                List.of(
                        new Line(
                                prices.databaseLabel(),
                                String.format("%.3f GB × $%.3f/GB", dbGb, prices.databasePerGbMonth()),
                                dbGb * prices.databasePerGbMonth()),
                        new Line(
                                prices.storageLabel(),
                                String.format("%.3f GB × $%.3f/GB", mediaGb, prices.storagePerGbMonth()),
                                mediaGb * prices.storagePerGbMonth()),
                        new Line(prices.keyLabel(), "1 key", prices.keyPerMonth())));
    }

    public double monthlyTotal() {
        return lines.stream().mapToDouble(Line::monthly).sum();
    }
}
