package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.model.RoomIds;
import java.util.UUID;

/**
 * Where a room's data lies: a database server (null: the global one) and schema for its rows, a bucket and key prefix
 * for its media. The global place holds many rooms (rows filtered by room id, keys prefixed with it); a shard holds one.
 */
record RoomPlace(UUID roomId, String serverUrl, String schema, String bucket, String keyPrefix) {

    static RoomPlace global(UUID roomId, String sharedBucket) {
        return new RoomPlace(roomId, null, Migrations.GLOBAL_SCHEMA, sharedBucket, roomId + "/");
    }

    static RoomPlace shard(UUID roomId, String serverUrl, String bucket) {
        return new RoomPlace(roomId, serverUrl, RoomIds.shardSchema(roomId), bucket, "");
    }

    boolean isGlobal() {
        return Migrations.GLOBAL_SCHEMA.equals(schema);
    }

    String storageKey(String objectKey) {
        return keyPrefix + objectKey;
    }

    @Override
    public String toString() {
        return "schema " + schema + (serverUrl == null ? " on the global server" : " on " + serverUrl) + ", bucket "
                + bucket;
    }
}
