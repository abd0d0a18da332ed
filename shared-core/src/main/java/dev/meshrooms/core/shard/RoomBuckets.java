package dev.meshrooms.core.shard;

import java.util.Map;

/**
 * Administration of a room's own bucket. Calls are idempotent. The security calls answer {@code false} when the store
 * does not implement them (the embedded store answers 501 for policies and tagging), so provisioning records what was
 * really applied instead of failing on a store without the feature.
 */
public interface RoomBuckets {
    boolean exists(String bucket);

    /** Creates the bucket; {@code false} when it existed already (owned by us). */
    boolean create(String bucket);

    /** Deletes every object, then the bucket; {@code false} when there was no bucket. */
    boolean deleteWithObjects(String bucket);

    /** Default encryption SSE-KMS with this key; {@code false} if the store does not support it. */
    boolean encryptWith(String bucket, String kmsKeyArn);

    /** Sets the bucket policy (JSON); {@code false} if the store does not support policies. */
    boolean putPolicy(String bucket, String policyJson);

    /** Replaces the bucket's tags; {@code false} if the store does not support tagging. */
    boolean putTags(String bucket, Map<String, String> tags);

    /** Removes the bucket's tags; {@code false} if the store does not support tagging or there is no bucket. */
    boolean deleteTags(String bucket);
}
