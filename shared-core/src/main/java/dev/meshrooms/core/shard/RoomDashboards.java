package dev.meshrooms.core.shard;

import java.util.UUID;

/** A room's monitoring dashboard (CloudWatch): made with its shard, removed with it. */
public interface RoomDashboards {
    /** The dashboard's name for a room: {@code mesh-room-<id>}. */
    static String nameOf(UUID roomId) {
        return "mesh-room-" + roomId;
    }

    /** Creates the room's dashboard or replaces it with the same one (idempotent). */
    void put(UUID roomId, String bucket);

    /** Removes the room's dashboard; nothing happens when it is gone already. */
    void delete(UUID roomId);
}
