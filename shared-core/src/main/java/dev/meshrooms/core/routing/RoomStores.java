package dev.meshrooms.core.routing;

import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.room.Room;
import dev.meshrooms.core.room.RoomDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one way to reach a room's data (the seed's {@code getPrismaForRoom}): given a room id, the global store when the
 * room is not sharded, else its shard's. Routes are cached (bounded, least recently used out) and pools are shared per
 * server, so touching 10,000 rooms opens no more connections than the pools allow.
 */
public final class RoomStores {
    private final RoomDirectory rooms;
    private final ConnectionPools pools;
    private final Map<UUID, RoomRoute> routes;

    public RoomStores(RoomDirectory rooms, ConnectionPools pools, int maxCachedRoutes) {
        this.rooms = rooms;
        this.pools = pools;
        this.routes = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, RoomRoute> eldest) {
                return size() > maxCachedRoutes;
            }
        };
    }

    /** The store of the room with this id; ROOM_NOT_FOUND when there is none. */
    public RoomStore forRoom(UUID roomId) {
        RoomRoute route;
        synchronized (routes) {
            route = routes.get(roomId);
        }
        if (route == null) {
            Room room = rooms.findById(roomId).orElseThrow(() -> MeshException.roomNotFound(roomId.toString()));
            route = RoomRoute.of(room);
            synchronized (routes) {
                routes.put(roomId, route);
            }
        }
        return new PostgresRoomStore(pools.forServer(route.serverUrl()), route);
    }

    public RoomStore forRoom(Room room) {
        RoomRoute route = RoomRoute.of(room);
        synchronized (routes) {
            routes.put(room.id(), route);
        }
        return new PostgresRoomStore(pools.forServer(route.serverUrl()), route);
    }

    /** Forgets a room's cached route (after its routing switched). */
    public void invalidate(UUID roomId) {
        synchronized (routes) {
            routes.remove(roomId);
        }
    }

    public ConnectionPools pools() {
        return pools;
    }
}
