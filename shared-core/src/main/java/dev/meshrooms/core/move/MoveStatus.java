package dev.meshrooms.core.move;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Where a room move stands, as the status stream and the wizard show it.
 *
 * @param percent    overall progress 0–100 (rows and bytes weighted alike)
 * @param etaSeconds estimated seconds left, from the rate so far; null while unknown
 * @param phaseLabel the phase as people read it
 * @param sovereign  true once the room lives at its new place (routing switched), even while the old copy is cleaned
 * @param fenceAttempts how often the write fence was raised: more than one when an attempt could not finish inside
 *                   its budget, lowered the fence to let writers through, and tried again
 */
public record MoveStatus(
        UUID jobId,
        UUID roomId,
        String direction,
        String state,
        String phase,
        String phaseLabel,
        long rowsCopied,
        long rowsTotal,
        long bytesCopied,
        long bytesTotal,
        long changesApplied,
        int percent,
        Long etaSeconds,
        Long fenceMillis,
        int fenceAttempts,
        boolean sovereign,
        String error,
        Instant startedAt,
        Instant finishedAt) {

    public static MoveStatus of(MoveJob job, Instant now) {
        double rows = job.rowsTotal() == 0 ? 1 : Math.min(1, (double) job.rowsCopied() / job.rowsTotal());
        double bytes = job.bytesTotal() == 0 ? 1 : Math.min(1, (double) job.bytesCopied() / job.bytesTotal());
        boolean counted = job.rowsTotal() > 0 || job.phase().compareTo(MovePhase.COPY_MEDIA) >= 0;
        double copied = counted ? (rows + bytes) / 2 : 0;
        boolean switched = job.switchedAt() != null;
        int percent = job.state() == JobState.SUCCEEDED ? 100 : switched ? 99 : (int) Math.floor(copied * 95);
        Long eta = null;
        if (job.running() && !switched) {
            double elapsed = Duration.between(job.startedAt(), now).toMillis() / 1000.0;
            eta = copied <= 0.001 ? null : Math.max(1, Math.round(elapsed * (1 - copied) / copied));
        } else if (job.running()) {
            eta = 1L;
        }
        return new MoveStatus(
                job.id(),
                job.roomId(),
                job.direction().dbValue(),
                job.state().dbValue(),
                job.phase().dbValue(),
                job.phase().label(),
                job.rowsCopied(),
                job.rowsTotal(),
                job.bytesCopied(),
                job.bytesTotal(),
                job.changesApplied(),
                percent,
                eta,
                job.fenceMillis(),
                job.fenceAttempts(),
                switched && job.direction() == MoveDirection.DECENTRALISE,
                job.error(),
                job.startedAt(),
                job.finishedAt());
    }

    public boolean failed() {
        return JobState.FAILED.dbValue().equals(state);
    }

    public boolean finished() {
        return !JobState.RUNNING.dbValue().equals(state);
    }
}
