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

    boolean exists(String bucket, String key);

    void delete(String bucket, String key);

    /** The keys of the objects whose key starts with the prefix. */
    java.util.List<String> list(String bucket, String prefix);

    /** Deletes every object whose key starts with the prefix; returns how many. */
    int deleteAll(String bucket, String prefix);

    /** A short-lived URL a browser can GET the object from. */
    URI presignedGet(String bucket, String key, Duration validFor);

    /** Throws when the store cannot be reached (for health checks). */
    void ping();
}
