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

@DisplayName("Metered hours: each sample holds until the next, only shard time counts, only closed hours are known")
class MeteredHourTest {
    private static final UUID ROOM = UUID.randomUUID();
    private static final long GIB = 1024L * 1024 * 1024;
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private static UsageSample sample(Instant at, boolean sharded, long bytes) {
        return new UsageSample(ROOM, at, sharded, bytes / 2, 3, bytes - bytes / 2, 10, 0);
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    @DisplayName("an hour of one GiB is one GB-hour and one shard-hour; hours past the last sample are not known yet")
    void steadyHours() {
        List<UsageSample> samples = List.of(
                sample(at(0), true, GIB),
                sample(at(15), true, GIB),
                sample(at(60), true, GIB),
                sample(at(119), true, GIB));
        List<MeteredHour> hours = MeteredHour.known(samples, T0);
        assertThat(hours).hasSize(1);
        assertThat(Meter.SHARD_STORAGE.amount(hours.get(0))).isCloseTo(1.0, within(1e-9));
        assertThat(Meter.SHARD_DB_HOURS.amount(hours.get(0))).isCloseTo(1.0, within(1e-9));
        assertThat(hours.get(0).end()).isEqualTo(at(60));
    }

    @Test
    @DisplayName("a size change mid-hour counts each part for its minutes; time without a shard counts nothing")
    void partsOfAnHour() {
        List<UsageSample> samples = List.of(
                sample(at(-20), false, 8 * GIB), // in force at the hour's start, not sharded
                sample(at(15), true, 2 * GIB), // sharded from :15
                sample(at(45), true, 4 * GIB), // grows at :45
                sample(at(60), true, 4 * GIB));
        MeteredHour hour = MeteredHour.known(samples, T0).get(0);
        // 30 minutes of 2 GiB and 15 of 4 GiB
        assertThat(Meter.SHARD_STORAGE.amount(hour)).isCloseTo(1.0 + 1.0, within(1e-9));
        assertThat(Meter.SHARD_DB_HOURS.amount(hour)).isCloseTo(0.75, within(1e-9));
    }

    @Test
    @DisplayName("the sample in force at the start comes from before it; later samples do not change a known hour")
    void stableOnceKnown() {
        List<UsageSample> first = List.of(sample(at(-50), true, 3 * GIB), sample(at(70), true, 3 * GIB));
        List<UsageSample> more =
                List.of(sample(at(-50), true, 3 * GIB), sample(at(70), true, 3 * GIB), sample(at(90), true, 9 * GIB));
        MeteredHour a = MeteredHour.known(first, T0).get(0);
        MeteredHour b = MeteredHour.known(more, T0).get(0);
        assertThat(a).isEqualTo(b);
        assertThat(Meter.SHARD_STORAGE.amount(a)).isCloseTo(3.0, within(1e-9));
        assertThat(MeteredHour.known(more, T0)).hasSize(1);
        assertThat(MeteredHour.known(List.of(), T0)).isEmpty();
    }
}
