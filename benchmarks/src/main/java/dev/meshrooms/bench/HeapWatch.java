package dev.meshrooms.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap of this JVM from start to {@link #stop()}:
 * <ul>
 * <li>{@code peakHeapUsed}: the most heap in use at any moment seen — heap used just before each GC (from GC
 * notifications, summed over the heap pools) and a 10 ms sample of {@code MemoryMXBean} heap usage in between;</li>
 * <li>{@code heapAfterGc}: the most heap still occupied right after a GC: an upper bound of what the work holds on
 * to, since a young GC leaves promoted garbage in the old generation until G1's next concurrent cycle;</li>
 * <li>{@code gcSeconds}: time spent in collections (all collectors, as their MXBeans count it);</li>
 * <li>{@code poolPeakSum}: the sum of each heap pool's own peak ({@code MemoryPoolMXBean.getPeakUsage()}), an upper
 * bound since pools peak at different times.</li>
 * </ul>
 * Given a phase source ({@link #attribute}), the peaks are also kept per phase of the work.
 * Also the process's peak resident set ({@code VmHWM} of /proc/self/status): heap, metaspace, threads and native buffers.
 */
final class HeapWatch {
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong afterGc = new AtomicLong();
    private final AtomicLong gcs = new AtomicLong();
    private final NotificationListener listener = (n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                    .getGcInfo();
            long before = heapSum(info.getMemoryUsageBeforeGc());
            long after = heapSum(info.getMemoryUsageAfterGc());
            peak.accumulateAndGet(before, Math::max);
            afterGc.accumulateAndGet(after, Math::max);
            record(before, after);
            gcs.incrementAndGet();
        }
    };
    private final Map<String, long[]> byPhase = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread sampler = new Thread(this::sample, "heap-sampler");
    private volatile java.util.function.Supplier<String> phase = () -> "start";
    private volatile boolean running = true;

    static HeapWatch start() {
        HeapWatch watch = new HeapWatch();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(watch.listener, null, null);
        }
        watch.sampler.setDaemon(true);
        watch.sampler.start();
        return watch;
    }

    /** From now on, figures are also kept under the phase this supplier names. */
    void attribute(java.util.function.Supplier<String> source) {
        this.phase = source;
    }

    private void record(long used, long afterGc) {
        long[] p = byPhase.computeIfAbsent(phase.get(), k -> new long[2]);
        synchronized (p) {
            p[0] = Math.max(p[0], used);
            p[1] = Math.max(p[1], afterGc);
        }
    }

    private void sample() {
        while (running) {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
            record(used, 0);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long heapSum(Map<String, MemoryUsage> usage) {
        return usage.entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed())
                .sum();
    }

    Map<String, Object> stop() throws InterruptedException {
        running = false;
        sampler.join();
        peak.accumulateAndGet(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        long poolPeaks = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peakHeapUsed", peak.get());
        out.put("heapAfterGc", afterGc.get());
        out.put(
                "gcSeconds",
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                                .sum()
                        / 1e3);
        out.put("poolPeakSum", poolPeaks);
        out.put("maxHeap", Runtime.getRuntime().maxMemory());
        out.put("gcCount", gcs.get());
        out.put(
                "gc",
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .toList());
        out.put("peakRss", peakRss());
        Map<String, Object> phases = new LinkedHashMap<>();
        byPhase.forEach((name, p) -> phases.put(name, Map.of("peakHeapUsed", p[0], "heapAfterGc", p[1])));
        out.put("heapByPhase", phases);
        return out;
    }

    private static long peakRss() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : status) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: unknown
        }
        return -1;
    }
}
