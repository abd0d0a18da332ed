package dev.meshrooms.core.billing;

import dev.meshrooms.core.usage.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One clock hour (UTC) of a room's metered usage, from its usage samples: each sample's figures hold until the next
 * sample, and only time with a shard of its own counts. An hour is known once a sample at or after its end exists;
 * later samples never change it, so the same hour always reports the same amount.
 *
 * @param start      the hour's first instant
 * @param byteHours  bytes of rows and media held, times hours, within the hour
 * @param shardHours the part of the hour the room had its own shard (0 to 1)
 */
public record MeteredHour(Instant start, double byteHours, double shardHours) {
    public static final Duration HOUR = Duration.ofHours(1);

    public Instant end() {
        return start.plus(HOUR);
    }

    /** The hour an instant falls in. */
    public static Instant hourOf(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * The known hours from {@code from} (an hour's start): those that end at or before the last sample.
     *
     * @param samples oldest first, including the one in force at {@code from} if there is one
     */
    public static List<MeteredHour> known(List<UsageSample> samples, Instant from) {
        List<MeteredHour> hours = new ArrayList<>();
        if (samples.isEmpty()) {
            return hours;
        }
        Instant last = samples.get(samples.size() - 1).sampledAt();
        int i = 0;
        for (Instant start = hourOf(from); !start.plus(HOUR).isAfter(last); start = start.plus(HOUR)) {
            Instant end = start.plus(HOUR);
            // the sample in force at the hour's start: the last one at or before it
            while (i + 1 < samples.size() && !samples.get(i + 1).sampledAt().isAfter(start)) {
                i++;
            }
            double byteHours = 0;
            double shardHours = 0;
            for (int j = i; j < samples.size() && samples.get(j).sampledAt().isBefore(end); j++) {
                UsageSample s = samples.get(j);
                Instant since = s.sampledAt().isAfter(start) ? s.sampledAt() : start;
                Instant next = j + 1 < samples.size() ? samples.get(j + 1).sampledAt() : end;
                Instant until = next.isBefore(end) ? next : end;
                if (!s.sharded() || !until.isAfter(since)) {
                    continue;
                }
                double h = Duration.between(since, until).toMillis() / 3_600_000.0;
                byteHours += s.storageBytes() * h;
                shardHours += h;
            }
            hours.add(new MeteredHour(start, byteHours, shardHours));
        }
        return hours;
    }
}
