package dev.meshrooms.core.model;

import java.util.UUID;

/**
 * Where one room's rows live: a server, a schema and the role its transactions run as. Unsharded rooms live in the
 * global schema with no role switch; sharded rooms in {@code room_<hex>} as {@code room_<hex>_rw}.
 */
public record RoomRoute(UUID roomId, String serverUrl, String schema, String role) {

    public static RoomRoute of(Room room) {
        if (!room.isSharded()) {
            return new RoomRoute(room.id(), null, RoomIds.GLOBAL_SCHEMA, null);
        }
        // the names are derived from the id again, never taken from the stored text
        return new RoomRoute(room.id(), room.shardUrl(), RoomIds.shardSchema(room.id()), RoomIds.shardRole(room.id()));
    }

    public boolean sharded() {
        return role != null;
    }
}
