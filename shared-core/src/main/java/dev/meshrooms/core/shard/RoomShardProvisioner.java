package dev.meshrooms.core.shard;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.store.RoomDirectory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ShardProvisioner}: places the shard ({@link ShardPlacement}), creates its schema and role
 * ({@link ShardSchemas}), then its storage: the bucket, the room's KMS key and alias where a key service is
 * configured, default encryption with that key, the bucket policy for the room's service principal, and the cost tag
 * {@code RoomId=<id>} on bucket and key. Each step checks what exists first, so a retried or resumed provisioning
 * finishes; a failed one undoes what it created itself (never what an earlier run created). What the store really
 * supported is recorded in {@code mesh.room_shards.applied}. Routing is not switched here.
 */
public final class RoomShardProvisioner implements ShardProvisioner {
    public static final String COST_TAG = "RoomId";
    private static final Logger LOG = LoggerFactory.getLogger(RoomShardProvisioner.class);
    private final RoomDirectory rooms;
    private final ShardSchemas schemas;
    private final ShardPlacement placement;
    private final ShardRecords records;
    private final ShardStorage storage;

    public RoomShardProvisioner(
            RoomDirectory rooms,
            ShardSchemas schemas,
            ShardPlacement placement,
            ShardRecords records,
            ShardStorage storage) {
        this.rooms = rooms;
        this.schemas = schemas;
        this.placement = placement;
        this.records = records;
        this.storage = storage;
    }

    @Override
    public ShardLocation provision(UUID roomId) {
        Room room = rooms.findById(roomId).orElseThrow(() -> MeshException.roomNotFound(roomId.toString()));
        Rollback rollback = new Rollback();
        try (ShardPlacement.Reservation reserved = place(room)) {
            String server = reserved.serverUrl();
            if (records.reserve(roomId, server, RoomIds.shardSchema(roomId), RoomIds.shardRole(roomId))) {
                rollback.created("the shard record of room " + roomId, () -> records.forget(roomId));
            }
            Set<String> applied = new LinkedHashSet<>();
            if (!schemas.exists(roomId, server)) {
                rollback.created("schema and role of room " + roomId, () -> schemas.drop(roomId, server));
            }
            schemas.create(roomId, server);
            applied.add(ShardFeatures.SCHEMA);
            String bucket = storage.settings().bucketOf(roomId);
            String keyArn = provisionStorage(roomId, bucket, applied, rollback);
            ShardLocation location = new ShardLocation(
                    roomId, server, RoomIds.shardSchema(roomId), RoomIds.shardRole(roomId), bucket, keyArn, applied);
            records.complete(location);
            LOG.info(
                    "room {}: shard provisioned on {} ({}), applied {}",
                    roomId,
                    server == null ? "the global server" : server,
                    location.schema(),
                    applied);
            return location;
        } catch (RuntimeException e) {
            LOG.warn("room {}: provisioning failed ({}); rolling back what it created", roomId, e.getMessage());
            rollback.run(e);
            throw e instanceof MeshException
                    ? e
                    : new MeshException(
                            ErrorCode.INTERNAL,
                            "provisioning the shard of room " + roomId + " failed: " + e.getMessage()
                                    + "; what this attempt created was removed, try again",
                            e);
        }
    }

    /** The server a room's shard is on or goes to: recorded, routed, found, or chosen by the placement rule. */
    private ShardPlacement.Reservation place(Room room) {
        Optional<ShardLocation> recorded = records.find(room.id());
        if (recorded.isPresent()) {
            return placement.at(recorded.get().serverUrl(), room.id());
        }
        if (room.isSharded()) {
            return placement.at(room.shardUrl(), room.id());
        }
        for (String candidate : placement.candidates()) {
            if (schemas.exists(room.id(), candidate)) {
                return placement.at(candidate, room.id());
            }
        }
        return placement.choose(room.id());
    }

    private String provisionStorage(UUID roomId, String bucket, Set<String> applied, Rollback rollback) {
        RoomBuckets buckets = storage.buckets();
        Map<String, String> tags = Map.of(COST_TAG, roomId.toString());
        if (buckets.create(bucket)) {
            rollback.created("bucket " + bucket, () -> buckets.deleteWithObjects(bucket));
        }
        applied.add(ShardFeatures.BUCKET);
        String keyArn = null;
        if (storage.hasKms()) {
            keyArn = provisionKey(roomId, tags, rollback);
            applied.add(ShardFeatures.KMS_KEY);
            if (buckets.encryptWith(bucket, keyArn)) {
                applied.add(ShardFeatures.KMS_ENCRYPTION);
            }
        }
        String principal = storage.settings().principalOf(roomId);
        if (principal != null && buckets.putPolicy(bucket, BucketPolicy.onlyPrincipal(bucket, principal))) {
            applied.add(ShardFeatures.BUCKET_POLICY);
        }
        if (buckets.putTags(bucket, tags)) {
            applied.add(ShardFeatures.COST_TAGS);
        }
        RoomDashboards dashboards = storage.dashboards();
        if (dashboards != null) {
            dashboards.put(roomId, bucket);
            rollback.created("dashboard " + RoomDashboards.nameOf(roomId), () -> dashboards.delete(roomId));
            applied.add(ShardFeatures.DASHBOARD);
        }
        return keyArn;
    }

    /** Finds the room's key by its alias (reusing it, tags re-applied) or creates key and alias. */
    private String provisionKey(UUID roomId, Map<String, String> tags, Rollback rollback) {
        RoomKeys keys = storage.keys();
        String alias = storage.settings().aliasOf(roomId);
        Optional<RoomKeys.RoomKey> existing = keys.findByAlias(alias);
        if (existing.isPresent()) {
            RoomKeys.RoomKey key = existing.get();
            if (key.pendingDeletion()) {
                keys.restore(key.keyId());
            }
            keys.tag(key.keyId(), tags);
            return key.arn();
        }
        RoomKeys.RoomKey key = keys.create("Mesh Rooms: media of room " + roomId, tags);
        rollback.created(
                "KMS key " + key.arn(),
                () -> keys.scheduleDeletion(key.keyId(), storage.settings().keyDeletionDays()));
        keys.createAlias(alias, key.keyId());
        rollback.created("KMS alias " + alias, () -> keys.deleteAlias(alias));
        return key.arn();
    }

    /** The recorded shard of a room, complete or not. */
    public Optional<ShardLocation> find(UUID roomId) {
        return records.find(roomId);
    }

    @Override
    public void deprovision(ShardLocation location) {
        UUID roomId = location.roomId();
        rooms.findById(roomId).filter(Room::isSharded).ifPresent(room -> {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "room " + roomId + " is still routed to its shard "
                            + room.shardSchema()
                            + "; switch its routing back to the global schema (recentralise) before"
                            + " deleting the shard");
        });
        ShardSettings settings = storage.settings();
        if (storage.hasKms()) {
            RoomKeys keys = storage.keys();
            String alias = settings.aliasOf(roomId);
            String key = location.kmsKeyArn() != null
                    ? location.kmsKeyArn()
                    : keys.findByAlias(alias).map(RoomKeys.RoomKey::arn).orElse(null);
            keys.deleteAlias(alias);
            if (key != null) {
                keys.untag(key, List.of(COST_TAG));
                keys.scheduleDeletion(key, settings.keyDeletionDays());
            }
        }
        if (storage.dashboards() != null) {
            storage.dashboards().delete(roomId);
        }
        String bucket = location.bucket() != null ? location.bucket() : settings.bucketOf(roomId);
        storage.buckets().deleteTags(bucket);
        storage.buckets().deleteWithObjects(bucket);
        schemas.drop(roomId, location.serverUrl());
        records.forget(roomId);
        LOG.info("room {}: shard deprovisioned ({}, bucket {})", roomId, location.schema(), bucket);
    }
}
