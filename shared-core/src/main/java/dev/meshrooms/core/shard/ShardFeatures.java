package dev.meshrooms.core.shard;

import dev.meshrooms.core.model.ShardLocation;
import java.util.List;

/**
 * The names {@link ShardLocation#applied()} and {@code mesh.room_shards.applied} use for what provisioning actually
 * did. The schema and role are always there; the rest depends on what the object store and KMS support.
 */
public final class ShardFeatures {
    /** {@code room_<hex>} with the room migration set, and its role {@code room_<hex>_rw}. */
    public static final String SCHEMA = "schema";
    /** The room's own bucket {@code mesh-room-<id>}. */
    public static final String BUCKET = "bucket";
    /** The room's own KMS key with alias {@code alias/mesh-room-<id>} and tag {@code RoomId=<id>}. */
    public static final String KMS_KEY = "kms-key";
    /** Default bucket encryption SSE-KMS with the room's key. */
    public static final String KMS_ENCRYPTION = "kms-encryption";
    /** A bucket policy letting only the room's service principal in. */
    public static final String BUCKET_POLICY = "bucket-policy";
    /** The cost allocation tag {@code RoomId=<id>} on the bucket. */
    public static final String COST_TAGS = "cost-tags";

    /** The room's CloudWatch dashboard {@code mesh-room-<id>}. */
    public static final String DASHBOARD = "dashboard";

    public static final List<String> ALL =
            List.of(SCHEMA, BUCKET, KMS_KEY, KMS_ENCRYPTION, BUCKET_POLICY, COST_TAGS, DASHBOARD);

    private ShardFeatures() {}
}
