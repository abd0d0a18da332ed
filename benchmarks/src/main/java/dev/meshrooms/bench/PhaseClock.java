package dev.meshrooms.bench;

import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.core.progress.ProgressListener;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records when each progress phase was first reported, in seconds since the clock was made. */
final class PhaseClock implements ProgressListener {
    private final long start = System.nanoTime();
    private final Map<String, Double> phases = new LinkedHashMap<>();

    @Override
    public synchronized void onProgress(Progress progress) {
        mark(progress.phase());
    }

    synchronized void mark(String phase) {
        phases.putIfAbsent(phase, elapsed());
    }

    /** The phase reported last ("start" before any). */
    synchronized String current() {
        String last = "start";
        for (String name : phases.keySet()) {
            last = name;
        }
        return last;
    }

    synchronized boolean reached(String phase) {
        return phases.containsKey(phase);
    }

    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    synchronized Map<String, Double> phases() {
        return new LinkedHashMap<>(phases);
    }
}
