package dev.meshrooms.core.usage;

import java.time.Instant;
import java.util.UUID;

/**
 * What one room used at one moment.
 *
 * @param mediaBytes   bytes of its media: the objects in its own bucket, or its media rows in the shared one
 * @param dbBytes      bytes of its rows: its shard schema's tables and indexes, or its share of the shared tables
 * @param shardSeconds how long the room has had its own shard, summed over the samples so far
 */
public record UsageSample(
        UUID roomId,
        Instant sampledAt,
        boolean sharded,
        long mediaBytes,
        long mediaObjects,
        long dbBytes,
        long messages,
        long shardSeconds) {

    /** Rows and media together: what the free tier and the storage meter count. */
    public long storageBytes() {
        return mediaBytes + dbBytes;
    }

    public double shardHours() {
        return shardSeconds / 3600.0;
    }
}
