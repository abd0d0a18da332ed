package dev.meshrooms.core.shard;

import java.util.Map;

/**
 * The real {@link RoomBuckets} with one fault injected: tagging fails as a store outage would, after the schema,
 * role and bucket were made, so a test sees what a failed provisioning leaves behind.
 */
final class FailingBuckets implements RoomBuckets {
    private final RoomBuckets real;

    FailingBuckets(RoomBuckets real) {
        this.real = real;
    }

    @Override
    public boolean exists(String bucket) {
        return real.exists(bucket);
    }

    @Override
    public boolean create(String bucket) {
        return real.create(bucket);
    }

    @Override
    public boolean deleteWithObjects(String bucket) {
        return real.deleteWithObjects(bucket);
    }

    @Override
    public boolean encryptWith(String bucket, String kmsKeyArn) {
        return real.encryptWith(bucket, kmsKeyArn);
    }

    @Override
    public boolean putPolicy(String bucket, String policyJson) {
        return real.putPolicy(bucket, policyJson);
    }

    @Override
    public boolean putTags(String bucket, Map<String, String> tags) {
        throw new dev.meshrooms.core.error.MeshException(
                dev.meshrooms.core.error.ErrorCode.STORE_UNAVAILABLE,
                "injected failure: the store went away while tagging bucket " + bucket);
    }

    @Override
    public boolean deleteTags(String bucket) {
        return real.deleteTags(bucket);
    }
}
