package dev.meshrooms.core.routing;

import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomRoute;
import dev.meshrooms.core.store.RoomDirectory;
import dev.meshrooms.core.store.RoomStore;
import dev.meshrooms.core.store.postgres.PostgresRoomStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one way to reach a room's data: given a room id, the global store when the
 * room is not sharded, else its shard's. Routes are cached (bounded, least recently used out) and pools are shared per
 * server, so touching 10,000 rooms opens no more connections than the pools allow.
 */
public final class RoomStores {
    /** Routes cached at most (least recently used out). */
    public static final int ROUTE_CACHE_SIZE = 100_000;
    /** How long a process trusts a cached room route (reads only; writes follow a moved room at once). */
    public static final Duration ROUTE_CACHE_TTL = Duration.ofSeconds(30);
    /** How long a write that meets a move's write fence keeps trying by default (twice the default fence budget). */
    static final Duration DEFAULT_WRITE_WAIT = Duration.ofSeconds(2);

    private final RoomDirectory rooms;
    private final ConnectionPools pools;
    private final Map<UUID, Cached> routes;
    private final long ttlNanos;
    private final Duration fenceWait;
    private long lastInvalidation = System.nanoTime() - 1;

    private record Cached(RoomRoute route, long loadedAt) {}

    public RoomStores(RoomDirectory rooms, ConnectionPools pools, int maxCachedRoutes) {
        this(rooms, pools, maxCachedRoutes, ROUTE_CACHE_TTL, DEFAULT_WRITE_WAIT);
    }

    /**
     * How long a write that meets a move's write fence keeps trying, for a fence of this budget: twice the budget, so
     * a write that arrives as a fence goes up outlasts it.
     */
    public static Duration writeWait(Duration fenceBudget) {
        return fenceBudget.multipliedBy(2);
    }

    /**
     * @param ttl       how long a cached route is trusted. Writes never depend on it (a moved room's old place refuses
     *                  them and {@link ReroutingRoomStore} follows); reads in another process may use a stale route for
     *                  this long, which is why a move keeps the old copy for at least this long before cleaning it.
     * @param fenceWait how long a write that meets a move's write fence keeps trying before it is answered
     *                  {@code ROOM_BUSY} (503, retry)
     */
    public RoomStores(
            RoomDirectory rooms, ConnectionPools pools, int maxCachedRoutes, Duration ttl, Duration fenceWait) {
        this.rooms = rooms;
        this.pools = pools;
        this.ttlNanos = ttl.toNanos();
        this.fenceWait = fenceWait;
        this.routes = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Cached> eldest) {
                return size() > maxCachedRoutes;
            }
        };
    }

    /**
     * The store of the room with this id; ROOM_NOT_FOUND when there is none. Its writes follow the room if it moves
     * meanwhile (see {@link ReroutingRoomStore}).
     */
    public RoomStore forRoom(UUID roomId) {
        return new ReroutingRoomStore(roomId, resolve(roomId), this);
    }

    private RoomStore resolve(UUID roomId) {
        RoomRoute route = null;
        synchronized (routes) {
            Cached cached = routes.get(roomId);
            if (cached != null && System.nanoTime() - cached.loadedAt() < ttlNanos) {
                route = cached.route();
            }
        }
        if (route == null) {
            route = fresh(roomId);
        }
        return new PostgresRoomStore(pools.forServer(route.serverUrl()), route, fenceWait);
    }

    /**
     * The route as the directory says now. It is cached only if no invalidation happened while it was read: a read
     * that started before a routing switch must not put the old route back into the cache.
     */
    RoomRoute fresh(UUID roomId) {
        long started = System.nanoTime();
        Room room = rooms.findById(roomId).orElseThrow(() -> MeshException.roomNotFound(roomId.toString()));
        RoomRoute route = RoomRoute.of(room);
        synchronized (routes) {
            if (lastInvalidation - started < 0) {
                routes.put(roomId, new Cached(route, started));
            }
        }
        return route;
    }

    RoomStore storeAt(RoomRoute route) {
        return new PostgresRoomStore(pools.forServer(route.serverUrl()), route, fenceWait);
    }

    /**
     * The store at the place this room record names. Writes through it are not rerouted: a caller holding a room
     * record (media uploads) handles {@code ROOM_MOVED} itself, because its bytes moved too.
     */
    public RoomStore forRoom(Room room) {
        RoomRoute route = remember(room);
        return new PostgresRoomStore(pools.forServer(route.serverUrl()), route, fenceWait);
    }

    private RoomRoute remember(Room room) {
        RoomRoute route = RoomRoute.of(room);
        synchronized (routes) {
            routes.put(room.id(), new Cached(route, System.nanoTime()));
        }
        return route;
    }

    /** Forgets a room's cached route (after its routing switched). */
    public void invalidate(UUID roomId) {
        synchronized (routes) {
            routes.remove(roomId);
            lastInvalidation = System.nanoTime();
        }
    }

    public ConnectionPools pools() {
        return pools;
    }
}
