package dev.meshrooms.core.move;

import dev.meshrooms.core.model.ShardLocation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One room move as {@code mesh.room_move_jobs} records it: enough to resume after a crash (phase, shard, per-table
 * checkpoints, where catch-up reads from) and to report progress.
 *
 * @param checkpoints per table, the keyset values of the last row copied (absent: nothing copied yet)
 * @param captureFrom catch-up reads changes of transactions whose id (xid8) is at least this; null before the copy
 * @param fenceAttempts how often the write fence was raised (more than once: an attempt ran over its budget and was
 *                      rolled back)
 */
public record MoveJob(
        UUID id,
        UUID roomId,
        MoveDirection direction,
        JobState state,
        MovePhase phase,
        ShardLocation location,
        Map<String, List<String>> checkpoints,
        Long captureFrom,
        long rowsCopied,
        long rowsTotal,
        long bytesCopied,
        long bytesTotal,
        long changesApplied,
        Long fenceMillis,
        int fenceAttempts,
        String error,
        int attempts,
        Instant startedAt,
        Instant phaseStartedAt,
        Instant updatedAt,
        Instant switchedAt,
        Instant finishedAt) {

    public boolean running() {
        return state == JobState.RUNNING;
    }

    public boolean finished() {
        return !running();
    }
}
