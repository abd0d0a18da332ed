package dev.meshrooms.core.shard.aws;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.shard.RoomBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * {@link RoomBuckets} on the AWS SDK v2: AWS S3, MinIO and the embedded store. A store that answers 501 (or
 * {@code NotImplemented}) to encryption, policy or tagging does not support it: the call answers {@code false}.
 */
public final class S3RoomBuckets implements RoomBuckets {
    private final Supplier<S3Client> s3;
    private final Region createIn;

    /** @param createIn the region to create buckets in on AWS (a location constraint outside us-east-1); null: none */
    public S3RoomBuckets(S3Client s3, Region createIn) {
        this(() -> s3, createIn);
    }

    /** @param s3 the client, asked for at each call (built at the first) */
    public S3RoomBuckets(Supplier<S3Client> s3, Region createIn) {
        this.s3 = s3;
        this.createIn = createIn;
    }

    @Override
    public boolean exists(String bucket) {
        try {
            s3.get().headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failed("checking bucket " + bucket, e);
        } catch (SdkException e) {
            throw failed("checking bucket " + bucket, e);
        }
    }

    @Override
    public boolean create(String bucket) {
        // us-east-1 answers 200 to creating a bucket we own already, so look first
        if (exists(bucket)) {
            return false;
        }
        try {
            s3.get().createBucket(b -> {
                b.bucket(bucket);
                if (createIn != null && !Region.US_EAST_1.equals(createIn)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(createIn.id()));
                }
            });
            return true;
        } catch (BucketAlreadyOwnedByYouException raced) {
            return false;
        } catch (SdkException e) {
            throw failed("creating bucket " + bucket, e);
        }
    }

    @Override
    public boolean deleteWithObjects(String bucket) {
        try {
            for (var page : s3.get().listObjectsV2Paginator(b -> b.bucket(bucket))) {
                List<ObjectIdentifier> keys = new ArrayList<>();
                page.contents()
                        .forEach(o ->
                                keys.add(ObjectIdentifier.builder().key(o.key()).build()));
                if (!keys.isEmpty()) {
                    s3.get()
                            .deleteObjects(d -> d.bucket(bucket)
                                    .delete(del -> del.objects(keys).quiet(true)));
                }
            }
            s3.get().deleteBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failed("deleting bucket " + bucket + " and its objects", e);
        } catch (SdkException e) {
            throw failed("deleting bucket " + bucket + " and its objects", e);
        }
    }

    @Override
    public boolean encryptWith(String bucket, String kmsKeyArn) {
        return unlessUnsupported(
                "setting default encryption of bucket " + bucket,
                () -> s3.get()
                        .putBucketEncryption(b -> b.bucket(bucket)
                                .serverSideEncryptionConfiguration(c -> c.rules(r -> r.bucketKeyEnabled(true)
                                        .applyServerSideEncryptionByDefault(
                                                d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                                                        .kmsMasterKeyID(kmsKeyArn))))));
    }

    @Override
    public boolean putPolicy(String bucket, String policyJson) {
        return unlessUnsupported(
                "setting the policy of bucket " + bucket,
                () -> s3.get().putBucketPolicy(b -> b.bucket(bucket).policy(policyJson)));
    }

    @Override
    public boolean putTags(String bucket, Map<String, String> tags) {
        List<Tag> tagSet = tags.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        return unlessUnsupported(
                "tagging bucket " + bucket,
                () -> s3.get().putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(tagSet))));
    }

    @Override
    public boolean deleteTags(String bucket) {
        try {
            return unlessUnsupported(
                    "removing the tags of bucket " + bucket, () -> s3.get().deleteBucketTagging(b -> b.bucket(bucket)));
        } catch (MeshException e) {
            if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static boolean unlessUnsupported(String what, Supplier<?> call) {
        try {
            call.get();
            return true;
        } catch (S3Exception e) {
            if (unsupported(e)) {
                return false;
            }
            throw failed(what, e);
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    /** 501 Not Implemented, as the embedded store answers for policies and tagging. */
    static boolean unsupported(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 501 || "NotImplemented".equals(code);
    }

    private static MeshException failed(String what, Exception e) {
        return new MeshException(
                ErrorCode.STORE_UNAVAILABLE,
                "The object store failed while " + what + ": " + e.getMessage()
                        + " (check S3_ENDPOINT, the credentials and their permissions; see docs/shards.md).",
                e);
    }
}
