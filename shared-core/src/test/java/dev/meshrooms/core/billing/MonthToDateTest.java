package dev.meshrooms.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meshrooms.core.usage.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The month's cost so far: samples held until the next, shard time only, from the first of the month")
class MonthToDateTest {
    private static final long GB = 1L << 30;
    private static final UUID ROOM = UUID.randomUUID();
    private static final Instant MONTH = Instant.parse("2026-12-01T00:00:00Z");

    private static UsageSample sample(Instant at, boolean sharded, long db, long media) {
        return new UsageSample(ROOM, at, sharded, media, 1, db, 10, 0);
    }

    @Test
    @DisplayName("GB-months and key time add up from each sample to the next, and to now for the last")
    void gbMonths() {
        PricingSnapshot prices = PricingSnapshot.current();
        List<UsageSample> samples = List.of(
                sample(MONTH.minus(Duration.ofHours(100)), true, 10 * GB, 0), // last month: counts from the 1st
                sample(MONTH.plus(Duration.ofHours(73)), false, 50 * GB, 50 * GB), // back in the shared tables
                sample(MONTH.plus(Duration.ofHours(146)), true, GB, 2 * GB));
        MonthToDate month = MonthToDate.of(samples, prices, MONTH.plus(Duration.ofHours(219)));
        assertThat(month.from()).isEqualTo(MONTH);
        // 10 GB for 73 h, nothing while shared, then 1 GB for 73 h: 803 GB-hours
        assertThat(month.databaseGbMonths()).isCloseTo(803 / 730.0, within(1e-9));
        assertThat(month.mediaGbMonths()).isCloseTo(2 * 73 / 730.0, within(1e-9));
        assertThat(month.shardHours()).isCloseTo(146, within(1e-9));
        assertThat(month.total())
                .isCloseTo(
                        803 / 730.0 * prices.databasePerGbMonth()
                                + 146 / 730.0 * prices.storagePerGbMonth()
                                + 146 / 730.0 * prices.keyPerMonth(),
                        within(1e-9));
    }

    @Test
    @DisplayName("a room that never had a shard this month costs nothing")
    void shared() {
        MonthToDate month = MonthToDate.of(
                List.of(sample(MONTH.plus(Duration.ofDays(2)), false, GB, GB)),
                PricingSnapshot.current(),
                MONTH.plus(Duration.ofDays(5)));
        assertThat(month.total()).isZero();
        assertThat(MonthToDate.of(List.of(), PricingSnapshot.current(), MONTH).total())
                .isZero();
    }
}
