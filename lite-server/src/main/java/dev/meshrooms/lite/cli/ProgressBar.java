package dev.meshrooms.lite.cli;

import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.core.progress.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: phase, bar, percent, items and bytes, rate and ETA of the phase. Redrawn at most
 * ten times a second.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private long started = System.nanoTime();
    private String phase;
    private long bytesAtStart;
    private long lastDraw;
    private boolean drawn;
    private boolean ended;
    private Progress latest;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onProgress(Progress p) {
        latest = p;
        long now = System.nanoTime();
        if (!p.phase().equals(phase)) {
            // each phase has its own pace: the rate and ETA start again with it
            phase = p.phase();
            started = now;
            bytesAtStart = Math.max(0, p.bytesDone());
        }
        boolean last = p.phase().equals("done");
        if (!last && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double fraction = p.bytesTotal() > 0
                ? (double) p.bytesDone() / p.bytesTotal()
                : p.total() > 0 ? (double) p.done() / p.total() : 0;
        fraction = Math.max(0, Math.min(1, last ? 1 : fraction));
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder line = new StringBuilder("\r")
                .append(String.format(Locale.ROOT, "%-9s", p.phase()))
                .append(" [")
                .append("#".repeat(filled))
                .append(".".repeat(WIDTH - filled))
                .append("] ")
                .append(String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100)));
        if (p.total() > 0) {
            line.append("  ").append(p.done()).append('/').append(p.total());
        }
        if (p.bytesTotal() > 0) {
            line.append("  ")
                    .append(ByteSizes.human(Math.max(0, p.bytesDone())))
                    .append(" of ")
                    .append(ByteSizes.human(p.bytesTotal()));
        }
        double elapsed = (now - started) / 1e9;
        long moved = Math.max(0, p.bytesDone()) - bytesAtStart;
        if (elapsed > 0.5 && moved > 0 && !last) {
            double rate = moved / elapsed;
            line.append("  ").append(ByteSizes.human((long) rate)).append("/s");
            if (p.bytesTotal() > 0) {
                line.append(String.format(
                        Locale.ROOT, "  ETA %ds", Math.round((p.bytesTotal() - p.bytesDone()) / Math.max(1, rate))));
            }
        } else if (fraction > 0.02 && !last) {
            line.append(String.format(Locale.ROOT, "  ETA %ds", Math.round(elapsed / fraction - elapsed)));
        }
        err.print(line.append("   "));
        if (last) {
            err.println();
            ended = true;
        }
        err.flush();
        drawn = true;
    }

    /** The work succeeded: draws its finished state (when its own last update was not drawn) and ends the line. */
    void complete() {
        if (latest != null && !ended) {
            // the items counted belong to the last phase (messages, then media files): the finished line shows bytes
            onProgress(new Progress("done", 1, -1, latest.bytesTotal(), latest.bytesTotal()));
        }
    }

    /** Ends the line if a bar was drawn and not ended (before an error message). */
    void finish() {
        if (drawn && !ended) {
            err.println();
            err.flush();
            ended = true;
        }
    }
}
