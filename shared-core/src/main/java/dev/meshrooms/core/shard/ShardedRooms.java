package dev.meshrooms.core.shard;

import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.room.RoomService;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.store.RoomDirectory;
import java.util.UUID;
import java.util.function.Supplier;

/** Rooms born into a shard of their own (no data to move: routing points there from the start). */
public final class ShardedRooms {
    private final RoomService roomService;
    private final RoomDirectory rooms;
    private final ShardSchemas shards;
    private final RoomStores stores;
    private final Supplier<ShardProvisioner> provisioner;

    /** @param provisioner the instance's shard provisioner (the one moves use) */
    public ShardedRooms(
            RoomService roomService,
            RoomDirectory rooms,
            ShardSchemas shards,
            RoomStores stores,
            Supplier<ShardProvisioner> provisioner) {
        this.roomService = roomService;
        this.rooms = rooms;
        this.shards = shards;
        this.stores = stores;
        this.provisioner = provisioner;
    }

    /**
     * Creates a room that lives in its own schema from the start, on the given shard server (null: the global one).
     * Moving an existing room into a shard, with its data, is the decentralise job's work.
     */
    public Room create(NewRoom room, UUID owner, String serverUrl) {
        Room created = roomService.create(room, owner);
        String schema;
        try {
            schema = shards.create(created.id(), serverUrl);
            rooms.markSharded(created.id(), serverUrl, schema, null, null);
        } catch (RuntimeException e) {
            shards.drop(created.id(), serverUrl);
            rooms.delete(created.id());
            throw e;
        }
        stores.invalidate(created.id());
        return rooms.findById(created.id()).orElseThrow();
    }

    /**
     * Creates a room that lives in a shard of its own from the start, provisioned in full: a server chosen by the
     * placement rule, schema and role, bucket (and key, policy, tags where the store supports them). Routing points
     * there at once, since there is no data to move.
     */
    public Room create(NewRoom room, UUID owner) {
        Room created = roomService.create(room, owner);
        try {
            ShardLocation shard = provisioner.get().provision(created.id());
            rooms.markSharded(created.id(), shard.serverUrl(), shard.schema(), shard.bucket(), shard.kmsKeyArn());
        } catch (RuntimeException e) {
            rooms.delete(created.id());
            throw e;
        }
        stores.invalidate(created.id());
        return rooms.findById(created.id()).orElseThrow();
    }
}
