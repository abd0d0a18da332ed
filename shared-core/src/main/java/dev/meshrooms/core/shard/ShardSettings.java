package dev.meshrooms.core.shard;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.net.URI;
import java.util.UUID;

/**
 * How rooms' own storage is provisioned, with defaults in one place.
 *
 * @param bucketPrefix          a room's bucket is {@code <prefix><room uuid>} (MESH_ROOM_BUCKET_PREFIX, default
 *                              {@code mesh-room-}); at most 27 characters so that the 36-character UUID fits S3's
 *                              63-character limit
 * @param principalArnTemplate  the room's service principal, with {@code {roomId}} replaced by the room's UUID, e.g.
 *                              {@code arn:aws:iam::123456789012:role/mesh-room-{roomId}} (MESH_ROOM_PRINCIPAL_ARN); null:
 *                              no bucket policy is set
 * @param kms                   whether rooms get their own KMS key (MESH_ROOM_KMS; default: when the store is AWS)
 * @param kmsEndpoint           a KMS endpoint other than AWS's regional one (KMS_ENDPOINT), null for AWS
 * @param keyDeletionDays       the pending window of a deprovisioned room's key, 7-30 days (MESH_ROOM_KEY_DELETION_DAYS)
 * @param dashboards            whether rooms get a CloudWatch dashboard and their figures are published there
 *                              (MESH_ROOM_DASHBOARDS; default: when the store is AWS)
 * @param cloudWatchEndpoint    a CloudWatch endpoint other than AWS's regional one (CLOUDWATCH_ENDPOINT), null for AWS
 */
public record ShardSettings(
        String bucketPrefix,
        String principalArnTemplate,
        boolean kms,
        URI kmsEndpoint,
        int keyDeletionDays,
        boolean dashboards,
        URI cloudWatchEndpoint) {

    /** Without CloudWatch dashboards. */
    public ShardSettings(
            String bucketPrefix, String principalArnTemplate, boolean kms, URI kmsEndpoint, int keyDeletionDays) {
        this(bucketPrefix, principalArnTemplate, kms, kmsEndpoint, keyDeletionDays, false, null);
    }

    public static final String DEFAULT_BUCKET_PREFIX = "mesh-room-";
    public static final int DEFAULT_KEY_DELETION_DAYS = 7;
    public static final String ROOM_ID_PLACEHOLDER = "{roomId}";
    /** S3's limit on bucket names minus a UUID's 36 characters. */
    public static final int MAX_PREFIX_LENGTH = 63 - 36;

    /** The embedded store's defaults: bucket per room, no KMS, no policy. */
    public static ShardSettings defaults() {
        return new ShardSettings(DEFAULT_BUCKET_PREFIX, null, false, null, DEFAULT_KEY_DELETION_DAYS);
    }

    public ShardSettings validate() {
        if (bucketPrefix == null
                || bucketPrefix.length() > MAX_PREFIX_LENGTH
                || !bucketPrefix.matches("[a-z0-9][a-z0-9-]*")) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_ROOM_BUCKET_PREFIX: \"" + bucketPrefix + "\" must be 1-"
                            + MAX_PREFIX_LENGTH
                            + " characters of a-z, 0-9 and '-', starting with a letter or digit, so that"
                            + " <prefix><room uuid> is a valid S3 bucket name of at most 63 characters");
        }
        if (principalArnTemplate != null && !principalArnTemplate.startsWith("arn:")) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_ROOM_PRINCIPAL_ARN: expected an IAM ARN such as"
                            + " arn:aws:iam::123456789012:role/mesh-room-{roomId}, got \"" + principalArnTemplate
                            + "\"");
        }
        if (keyDeletionDays < 7 || keyDeletionDays > 30) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_ROOM_KEY_DELETION_DAYS: KMS accepts 7 to 30 days, got " + keyDeletionDays);
        }
        return this;
    }

    /** {@code mesh-room-<uuid>}. */
    public String bucketOf(UUID roomId) {
        return bucketPrefix + roomId;
    }

    /** {@code alias/mesh-room-<uuid>} (the alias follows the bucket's name). */
    public String aliasOf(UUID roomId) {
        return "alias/" + bucketOf(roomId);
    }

    /** The room's service principal ARN, or null when none is configured. */
    public String principalOf(UUID roomId) {
        return principalArnTemplate == null
                ? null
                : principalArnTemplate.replace(ROOM_ID_PLACEHOLDER, roomId.toString());
    }
}
