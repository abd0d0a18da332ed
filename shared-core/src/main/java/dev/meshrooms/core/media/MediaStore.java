package dev.meshrooms.core.media;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

/** An object store (S3, MinIO, the embedded store) holding media bytes. */
public interface MediaStore {
    /** Creates the bucket unless it exists. */
    void ensureBucket(String bucket);

    void put(String bucket, String key, InputStream content, long size, String contentType);

    InputStream open(String bucket, String key);

    /**
     * Whether {@link #open} reads this machine's files (no network round trip): readers of many objects then read
     * them one after the other instead of fetching ahead in parallel.
     */
    default boolean readsLocalFiles() {
        return false;
    }

    boolean exists(String bucket, String key);

    void delete(String bucket, String key);

    /** The keys of the objects whose key starts with the prefix. */
    java.util.List<String> list(String bucket, String prefix);

    /** How many objects a bucket holds and their bytes, from its listing (S3 ListObjectsV2); zero for no bucket. */
    default BucketContents measure(String bucket) {
        throw new dev.meshrooms.core.error.MeshException(
                dev.meshrooms.core.error.ErrorCode.CONFIGURATION,
                getClass().getSimpleName() + " cannot list sizes (measuring " + bucket + ")");
    }

    /** What {@link #measure} found. */
    record BucketContents(long objects, long bytes) {}

    /** Deletes every object whose key starts with the prefix; returns how many. */
    int deleteAll(String bucket, String prefix);

    /**
     * Copies an object inside this store without the bytes passing through Mesh (S3 CopyObject); overwrites the
     * target. Copies between two stores stream instead ({@link MediaTransfer}).
     */
    default void copy(String fromBucket, String fromKey, String toBucket, String toKey) {
        throw new dev.meshrooms.core.error.MeshException(
                dev.meshrooms.core.error.ErrorCode.CONFIGURATION,
                getClass().getSimpleName() + " cannot copy objects inside the store (copying " + fromKey + ")");
    }

    /** Deletes an empty bucket; nothing happens when it is gone already. */
    default void deleteBucket(String bucket) {
        throw new dev.meshrooms.core.error.MeshException(
                dev.meshrooms.core.error.ErrorCode.CONFIGURATION,
                getClass().getSimpleName() + " cannot delete buckets (deleting " + bucket + ")");
    }

    /** A short-lived URL a browser can GET the object from. */
    URI presignedGet(String bucket, String key, Duration validFor);

    /**
     * A short-lived URL a browser can GET the object from, served with this {@code Content-Type} and
     * {@code Content-Disposition} whatever was stored (S3's {@code response-content-type} and
     * {@code response-content-disposition}, part of the signature).
     */
    default URI presignedGet(String bucket, String key, Duration validFor, String contentType, String disposition) {
        return presignedGet(bucket, key, validFor);
    }

    /** Throws when the store cannot be reached (for health checks). */
    void ping();
}
