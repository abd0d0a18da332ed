package dev.meshrooms.core.move;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.routing.RoomStores;
import java.time.Duration;

/**
 * How room moves (decentralise, re-centralise) run, with defaults in one place.
 *
 * @param batchRows    rows per COPY batch, and per checkpoint (MESH_MOVE_BATCH_ROWS)
 * @param throttle     pause after each batch, to spare a busy server (MESH_MOVE_THROTTLE_MS)
 * @param cleanupDelay how long the old copy stays after the routing switch before it is deleted: at least the route
 *                     cache's lifetime, so no process still reads the old place (MESH_MOVE_CLEANUP_DELAY_SECONDS)
 * @param heartbeat    how often a running job's scheduler says it is alive; a job whose process died is taken over
 *                     after 4 missed heartbeats
 * @param pollInterval how often idle schedulers look for due jobs
 * @param workerThreads moves run at once per process
 */
public record MoveSettings(
        int batchRows,
        Duration throttle,
        Duration cleanupDelay,
        Duration heartbeat,
        Duration pollInterval,
        int workerThreads) {
    public static final int DEFAULT_BATCH_ROWS = 50_000;
    public static final MoveSettings DEFAULTS = new MoveSettings(
            DEFAULT_BATCH_ROWS,
            Duration.ZERO,
            RoomStores.ROUTE_CACHE_TTL,
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            2);

    public MoveSettings validate() {
        if (batchRows < 1) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "MESH_MOVE_BATCH_ROWS: must be at least 1, got " + batchRows);
        }
        if (throttle.isNegative() || cleanupDelay.isNegative()) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_MOVE_THROTTLE_MS / MESH_MOVE_CLEANUP_DELAY_SECONDS: must not be negative");
        }
        if (workerThreads < 1) {
            throw new MeshException(ErrorCode.CONFIGURATION, "move worker threads: must be at least 1");
        }
        return this;
    }

    public MoveSettings withBatchRows(int rows) {
        return new MoveSettings(rows, throttle, cleanupDelay, heartbeat, pollInterval, workerThreads);
    }

    public MoveSettings withThrottle(Duration pause) {
        return new MoveSettings(batchRows, pause, cleanupDelay, heartbeat, pollInterval, workerThreads);
    }

    public MoveSettings withCleanupDelay(Duration delay) {
        return new MoveSettings(batchRows, throttle, delay, heartbeat, pollInterval, workerThreads);
    }
}
