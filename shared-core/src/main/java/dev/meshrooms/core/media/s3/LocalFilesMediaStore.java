package dev.meshrooms.core.media.s3;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A store whose objects also lie as plain files on this machine: the embedded S3 store (s3proxy's filesystem store)
 * keeps each object at {@code <folder>/<bucket>/<key>}. Reads go straight to those files — an export of 20,000 objects
 * then reads files as {@code tar} would, instead of making 20,000 signed HTTP requests to a server on the same machine.
 * Writes go through s3proxy's own filesystem engine ({@link FilesystemNio2BlobStore}) on the same folder, in this
 * process: the object lands exactly as the server would store it (temporary file, then moved into place, with its
 * content type and ETag as the engine keeps them), without an HTTP request, a signature and a second copy of every
 * byte through the server; an import writes its media for about a fifth of the CPU. Everything else (listing,
 * deleting, presigning) goes to the S3 API, as do reads and writes of keys that cannot be files here. Readers check
 * what they read (an export hashes every object), as they do over HTTP.
 */
public final class LocalFilesMediaStore implements MediaStore, AutoCloseable {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,62}");
    private final MediaStore api;
    private final Path folder;
    private final FilesystemNio2BlobStore engine;
    private volatile String checkedBucket = "";

    /**
     * @param api    the same store through its S3 API
     * @param folder the store's object folder (the embedded store's {@code objects} folder of the data directory)
     */
    public LocalFilesMediaStore(MediaStore api, Path folder) {
        this.api = api;
        this.folder = folder.toAbsolutePath().normalize();
        this.engine = new FilesystemNio2BlobStore(this.folder.toString());
    }

    @Override
    public InputStream open(String bucket, String key) {
        Path file = fileOf(bucket, key);
        if (file != null) {
            try {
                // a FileInputStream reads with one native call; a channel's stream runs many more Java methods, which a
                // fresh JVM compiles while an export of thousands of objects runs
                return new FileInputStream(file.toFile());
            } catch (FileNotFoundException e) {
                // missing or unreadable here: the API answers, with its own error for a missing object
            }
        }
        return api.open(bucket, key);
    }

    @Override
    public boolean readsLocalFiles() {
        return true;
    }

    /** The object's file, or null when the bucket or key cannot name a file inside the bucket's folder. */
    Path fileOf(String bucket, String key) {
        if (!bucket.equals(checkedBucket)) {
            if (!BUCKET.matcher(bucket).matches()) {
                return null;
            }
            checkedBucket = bucket; // an export opens thousands of objects of one bucket
        }
        if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0 || !plainSegments(key)) {
            return null;
        }
        try {
            Path bucketFolder = folder.resolve(bucket);
            Path file = bucketFolder.resolve(key).normalize();
            return file.startsWith(bucketFolder) && !file.equals(bucketFolder) ? file : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * Whether every {@code /}-separated segment of the key is a name: not empty (no leading, trailing or double
     * {@code /}), not {@code .}, not {@code ..}.
     */
    private static boolean plainSegments(String key) {
        for (int start = 0; ; ) {
            int end = key.indexOf('/', start);
            int length = (end < 0 ? key.length() : end) - start;
            if (length <= 2 && key.regionMatches(start, "..", 0, length)) {
                return false; // "", "." or ".."
            }
            if (end < 0) {
                return true;
            }
            start = end + 1;
        }
    }

    @Override
    public void ensureBucket(String bucket) {
        if (BUCKET.matcher(bucket).matches() && java.nio.file.Files.isDirectory(folder.resolve(bucket))) {
            return; // the engine keeps a bucket as a folder: it is there, no request needed
        }
        api.ensureBucket(bucket);
    }

    @Override
    public void put(String bucket, String key, InputStream content, long size, String contentType) {
        if (fileOf(bucket, key) == null) {
            api.put(bucket, key, content, size, contentType);
            return;
        }
        try {
            engine.putBlob(
                    PutObjectRequest.builder()
                            .bucket(bucket)
                            .key(key)
                            .contentType(contentType)
                            .contentLength(size)
                            .build(),
                    content);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof MeshException mesh) {
                    throw mesh; // the stream's own verdict (a wrong hash or size) stays what it is
                }
            }
            throw new MeshException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "writing " + key + " to bucket " + bucket + " under " + folder + " failed: " + e.getMessage()
                            + "; check that the disk has room and the folder is writable",
                    e);
        }
    }

    @Override
    public boolean exists(String bucket, String key) {
        return api.exists(bucket, key);
    }

    @Override
    public void delete(String bucket, String key) {
        api.delete(bucket, key);
    }

    @Override
    public List<String> list(String bucket, String prefix) {
        return api.list(bucket, prefix);
    }

    @Override
    public BucketContents measure(String bucket) {
        return api.measure(bucket);
    }

    @Override
    public int deleteAll(String bucket, String prefix) {
        return api.deleteAll(bucket, prefix);
    }

    @Override
    public void copy(String fromBucket, String fromKey, String toBucket, String toKey) {
        api.copy(fromBucket, fromKey, toBucket, toKey);
    }

    @Override
    public void deleteBucket(String bucket) {
        api.deleteBucket(bucket);
    }

    @Override
    public URI presignedGet(String bucket, String key, Duration validFor) {
        return api.presignedGet(bucket, key, validFor);
    }

    @Override
    public URI presignedGet(String bucket, String key, Duration validFor, String contentType, String disposition) {
        return api.presignedGet(bucket, key, validFor, contentType, disposition);
    }

    @Override
    public void ping() {
        api.ping();
    }

    @Override
    public void close() throws Exception {
        if (api instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
