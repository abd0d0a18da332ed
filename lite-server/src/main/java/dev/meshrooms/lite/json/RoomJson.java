package dev.meshrooms.lite.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomSummary;
import java.time.Instant;
import java.util.UUID;

/** The room record of the API and of {@code rooms --json}: sharding fields included, never a password. */
public record RoomJson(
        UUID id,
        String slug,
        String name,
        String visibility,
        Instant createdAt,
        @JsonProperty("isSharded") boolean isSharded,
        String shardUrl,
        String shardSchema,
        String mediaBucket,
        String kmsKeyArn,
        String state,
        long messageCount,
        long mediaBytes) {

    public static RoomJson of(RoomSummary summary) {
        Room r = summary.room();
        return new RoomJson(
                r.id(),
                r.slug(),
                r.name(),
                r.visibility().dbValue(),
                r.createdAt(),
                r.isSharded(),
                r.shardUrl(),
                r.shardSchema(),
                r.mediaBucket(),
                r.kmsKeyArn(),
                r.state().dbValue(),
                summary.messageCount(),
                summary.mediaBytes());
    }
}
