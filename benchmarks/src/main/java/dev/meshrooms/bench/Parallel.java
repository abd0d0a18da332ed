package dev.meshrooms.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs {@code count} numbered tasks on a few threads, printing progress every tenth; fails on the first failure. */
final class Parallel {
    private Parallel() {}

    static Duration run(String label, int count, int threads, IntConsumer task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        int step = Math.max(1, count / 10);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    task.accept(index);
                    int finished = done.incrementAndGet();
                    if (finished % step == 0 || finished == count) {
                        System.out.printf("  %s: %,d of %,d (%.1f s)%n", label, finished, count, seconds(start));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
