package dev.meshrooms.lite.http.usage;

import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.usage.UsageSample;
import java.util.UUID;

/** A usage sample as the API shows it: bytes, counts, and shard time in hours. */
public record UsageJson(
        String sampledAt,
        boolean sharded,
        long storageBytes,
        long mediaBytes,
        long mediaObjects,
        long dbBytes,
        long messages,
        double shardHours) {

    static UsageJson of(UsageSample s) {
        return new UsageJson(
                s.sampledAt().toString(),
                s.sharded(),
                s.storageBytes(),
                s.mediaBytes(),
                s.mediaObjects(),
                s.dbBytes(),
                s.messages(),
                hours(s));
    }

    private static double hours(UsageSample s) {
        return Math.round(s.shardHours() * 100) / 100.0;
    }

    /** A room's latest sample, with the room's name: a row of {@code GET /api/usage}. */
    public record RoomUsage(
            UUID roomId,
            String slug,
            String name,
            String sampledAt,
            boolean sharded,
            long storageBytes,
            long mediaBytes,
            long mediaObjects,
            long dbBytes,
            long messages,
            double shardHours) {

        static RoomUsage of(Room room, UsageSample s) {
            return new RoomUsage(
                    room.id(),
                    room.slug(),
                    room.name(),
                    s.sampledAt().toString(),
                    s.sharded(),
                    s.storageBytes(),
                    s.mediaBytes(),
                    s.mediaObjects(),
                    s.dbBytes(),
                    s.messages(),
                    hours(s));
        }
    }
}
