package dev.meshrooms.core.imports;

import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.move.JobState;
import java.time.Instant;
import java.util.UUID;

/** An import of an upload as recorded in {@code mesh.bundle_imports}; {@code result} is the import's JSON. */
public record ImportJob(
        UUID id,
        String uploadId,
        String owner,
        UUID userId,
        ImportOptions options,
        JobState state,
        String phase,
        long bytesDone,
        long bytesTotal,
        long itemsDone,
        long itemsTotal,
        UUID roomId,
        String result,
        String errorCode,
        String error,
        int attempts,
        Instant startedAt,
        Instant phaseStartedAt,
        Instant updatedAt,
        Instant finishedAt) {

    public boolean running() {
        return state == JobState.RUNNING;
    }
}
