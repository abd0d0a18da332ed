package dev.meshrooms.bench;

import java.util.Arrays;

/** Measured durations of one kind of call, sorted; percentiles by nearest rank. */
record Latencies(long[] sortedNanos) {

    static Latencies of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    double p50Micros() {
        return percentileMicros(50);
    }

    double p99Micros() {
        return percentileMicros(99);
    }

    double percentileMicros(double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1_000.0;
    }

    int count() {
        return sortedNanos.length;
    }
}
