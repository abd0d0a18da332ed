package dev.meshrooms.core.shard;

import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.ShardLocation;
import java.util.Set;
import java.util.UUID;

/**
 * The smallest {@link ShardProvisioner}: the room's schema and role on the global server ({@link ShardSchemas}) and a
 * bucket {@code <prefix><hex>} in the same store; no KMS key, no policy, no tags. A stand-in until the full
 * provisioner (server placement, KMS, policy, tags) is wired in; the decentralise job depends only on the port.
 */
public final class SchemaAndBucketProvisioner implements ShardProvisioner {
    public static final String DEFAULT_BUCKET_PREFIX = "mesh-room-";
    private final ShardSchemas schemas;
    private final MediaStore store;
    private final String bucketPrefix;

    public SchemaAndBucketProvisioner(ShardSchemas schemas, MediaStore store, String bucketPrefix) {
        this.schemas = schemas;
        this.store = store;
        this.bucketPrefix = bucketPrefix;
    }

    @Override
    public ShardLocation provision(UUID roomId) {
        String bucket = bucketPrefix + RoomIds.shardSchema(roomId).substring("room_".length());
        String schema = schemas.create(roomId, null);
        try {
            store.ensureBucket(bucket);
        } catch (RuntimeException e) {
            schemas.drop(roomId, null);
            throw e;
        }
        return new ShardLocation(roomId, null, schema, RoomIds.shardRole(roomId), bucket, null, Set.of());
    }

    @Override
    public void deprovision(ShardLocation location) {
        schemas.drop(location.roomId(), location.serverUrl());
        if (location.bucket() != null) {
            store.deleteAll(location.bucket(), "");
            store.deleteBucket(location.bucket());
        }
    }
}
