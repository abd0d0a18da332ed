package dev.meshrooms.core.room;

import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.shard.ShardLocation;
import dev.meshrooms.core.shard.ShardProvisioner;
import dev.meshrooms.core.shard.ShardSchemas;
import java.util.UUID;

/** Creating rooms: in the global schema, or born into a shard of their own. */
public final class RoomService {
    private final RoomDirectory rooms;
    private final ShardSchemas shards;
    private final RoomStores stores;
    private final ShardProvisioner provisioner;

    public RoomService(RoomDirectory rooms, ShardSchemas shards, RoomStores stores, ShardProvisioner provisioner) {
        this.rooms = rooms;
        this.shards = shards;
        this.stores = stores;
        this.provisioner = provisioner;
    }

    public Room create(NewRoom room, UUID owner) {
        Room created = rooms.create(UUID.randomUUID(), room.validate());
        rooms.addMember(created.id(), owner, MemberRole.ADMIN);
        return created;
    }

    public RoomSummary summary(Room room) {
        var store = stores.forRoom(room);
        return new RoomSummary(room, store.countMessages(), store.mediaBytes());
    }

    /**
     * Creates a room that lives in its own schema from the start, on the given shard server (null: the global one).
     * Moving an existing room into a shard, with its data, is the decentralise job's work.
     */
    public Room createSharded(NewRoom room, UUID owner, String serverUrl) {
        Room created = create(room, owner);
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
    public Room createSharded(NewRoom room, UUID owner) {
        Room created = create(room, owner);
        try {
            ShardLocation shard = provisioner.provision(created.id());
            rooms.markSharded(created.id(), shard.serverUrl(), shard.schema(), shard.bucket(), shard.kmsKeyArn());
        } catch (RuntimeException e) {
            rooms.delete(created.id());
            throw e;
        }
        stores.invalidate(created.id());
        return rooms.findById(created.id()).orElseThrow();
    }
}
