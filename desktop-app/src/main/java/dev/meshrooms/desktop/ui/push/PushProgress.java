package dev.meshrooms.desktop.ui.push;

import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.desktop.ui.common.Sizes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where a push stands, step by step (export, upload, cloud import), made from the push's progress events: how much
 * of each step is done, the upload's bytes and rate, and each running step's time left. The push reports on its own
 * thread; the window reads {@link #views()} on a tick.
 */
public final class PushProgress {
    private static final Map<String, String> CLOUD_PHASES = Map.of(
            "queued", "Waiting for its turn on the cloud",
            "verify", "Checking the bundle and its signatures",
            "database", "Writing the messages",
            "media", "Storing the pictures and files",
            "links", "Linking it up",
            "done", "Imported");
    private final LongSupplier nanos;
    private final Map<PushStep, Track> tracks = new EnumMap<>(PushStep.class);

    /** Where one step stands, and where it started (for the rate and the time left). */
    private static final class Track {
        PushStep.Status status = PushStep.Status.WAITING;
        double fraction = -1;
        long bytesDone;
        long bytesTotal = -1;
        long items;
        long itemsTotal = -1;
        String phase = "";
        long startNanos = -1;
        double startFraction;
        long startBytes;
    }

    public PushProgress() {
        this(System::nanoTime);
    }

    PushProgress(LongSupplier nanos) {
        this.nanos = nanos;
        reset();
    }

    /** A new run of the push: every step waits again. */
    public synchronized void reset() {
        for (PushStep step : PushStep.values()) {
            tracks.put(step, new Track());
        }
    }

    /** One event of the push (phases export, upload, cloud &lt;phase&gt;, done). */
    public synchronized void accept(Progress p) {
        String phase = p.phase() == null ? "" : p.phase();
        if (phase.equals("export")) {
            running(PushStep.EXPORT, p, "");
        } else if (phase.equals("upload")) {
            finish(PushStep.EXPORT);
            running(PushStep.UPLOAD, p, "");
        } else if (phase.startsWith("cloud ")) {
            finish(PushStep.EXPORT);
            finish(PushStep.UPLOAD);
            String cloud = phase.substring("cloud ".length());
            if (cloud.equals("done")) {
                finish(PushStep.CLOUD);
            } else {
                running(PushStep.CLOUD, p, cloud);
            }
        } else if (phase.equals("done")) {
            for (PushStep step : PushStep.values()) {
                finish(step);
            }
        }
    }

    private void running(PushStep step, Progress p, String phase) {
        Track t = tracks.get(step);
        long now = nanos.getAsLong();
        double fraction = fraction(p);
        if (t.status != PushStep.Status.RUNNING) {
            t.status = PushStep.Status.RUNNING;
            t.startNanos = now;
            t.startFraction = Math.max(0, fraction);
            t.startBytes = p.bytesDone();
        }
        t.fraction = fraction;
        t.bytesDone = p.bytesDone();
        t.bytesTotal = p.bytesTotal();
        t.items = p.done();
        t.itemsTotal = p.total();
        t.phase = phase;
        if (fraction >= 1 && step == PushStep.EXPORT) {
            t.status = PushStep.Status.DONE;
        }
    }

    /** A later step began: this one is over (or was skipped: the export of an unchanged room). */
    private void finish(PushStep step) {
        Track t = tracks.get(step);
        if (t.status == PushStep.Status.WAITING) {
            t.status = step == PushStep.EXPORT ? PushStep.Status.REUSED : PushStep.Status.DONE;
        } else if (t.status == PushStep.Status.RUNNING) {
            t.status = PushStep.Status.DONE;
        }
        if (t.status == PushStep.Status.DONE) {
            t.fraction = 1;
        }
    }

    private static double fraction(Progress p) {
        if (p.bytesTotal() > 0) {
            return Math.min(1, (double) p.bytesDone() / p.bytesTotal());
        }
        if (p.total() > 0) {
            return Math.min(1, (double) p.done() / p.total());
        }
        return -1;
    }

    public synchronized List<PushStep.View> views() {
        long now = nanos.getAsLong();
        List<PushStep.View> views = new ArrayList<>();
        for (PushStep step : PushStep.values()) {
            Track t = tracks.get(step);
            views.add(new PushStep.View(
                    step, t.status, t.status == PushStep.Status.REUSED ? 1 : t.fraction, detail(step, t, now)));
        }
        return views;
    }

    private static String detail(PushStep step, Track t, long now) {
        return switch (t.status) {
            case WAITING -> "";
            case REUSED -> "Reused the bundle of the last push: the room has not changed since";
            case DONE ->
                switch (step) {
                    case EXPORT -> "Bundle ready";
                    case UPLOAD -> t.bytesTotal > 0 ? ByteSizes.human(t.bytesTotal) + " on the cloud" : "On the cloud";
                    case CLOUD -> "Imported";
                };
            case RUNNING -> running(step, t, now);
        };
    }

    private static String running(PushStep step, Track t, long now) {
        double seconds = (now - t.startNanos) / 1e9;
        List<String> parts = new ArrayList<>();
        if (step == PushStep.CLOUD) {
            String phase = CLOUD_PHASES.getOrDefault(t.phase, t.phase);
            parts.add(
                    t.itemsTotal > 0 && !t.phase.equals("queued")
                            ? phase + " (" + Sizes.count(t.items) + " of " + Sizes.count(t.itemsTotal) + ")"
                            : phase);
        } else if (t.bytesTotal > 0) {
            parts.add(ByteSizes.human(t.bytesDone) + " of " + ByteSizes.human(t.bytesTotal)
                    + (step == PushStep.EXPORT ? " read" : ""));
        } else {
            parts.add(step == PushStep.EXPORT ? "Reading the room" : "Starting");
        }
        if (step == PushStep.UPLOAD && seconds >= 0.5 && t.bytesDone > t.startBytes) {
            parts.add(ByteSizes.human((long) ((t.bytesDone - t.startBytes) / seconds)) + "/s");
        }
        long eta = eta(t, seconds);
        if (eta >= 0) {
            parts.add("about " + Sizes.seconds(eta) + " left");
        }
        if (step == PushStep.UPLOAD && t.startBytes > 0) {
            parts.add(String.format(Locale.ROOT, "went on from %s", ByteSizes.human(t.startBytes)));
        }
        return String.join(" · ", parts);
    }

    /** Seconds left at the pace since the step started; -1 while that cannot be told yet. */
    private static long eta(Track t, double seconds) {
        double gained = t.fraction - t.startFraction;
        if (t.fraction < 0 || seconds < 1 || gained <= 0.001) {
            return -1;
        }
        return Math.round(seconds * (1 - t.fraction) / gained);
    }
}
