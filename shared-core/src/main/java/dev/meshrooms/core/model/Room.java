package dev.meshrooms.core.model;

import java.time.Instant;
import java.util.UUID;

/** A room as the global directory knows it, with where its data lives. */
public record Room(
        UUID id,
        String slug,
        String name,
        Visibility visibility,
        Instant createdAt,
        boolean isSharded,
        String shardUrl,
        String shardSchema,
        String mediaBucket,
        String kmsKeyArn,
        RoomState state,
        String topic) {
    public static final int MAX_TOPIC = 500;

    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }
}
