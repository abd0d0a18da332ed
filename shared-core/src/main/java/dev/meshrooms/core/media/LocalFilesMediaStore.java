package dev.meshrooms.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A store whose objects also lie as plain files on this machine: the embedded S3 store (s3proxy's filesystem store)
 * keeps each object at {@code <folder>/<bucket>/<key>}. Reads go straight to those files — an export of 20,000 objects
 * then reads files as {@code tar} would, instead of making 20,000 signed HTTP requests to a server on the same machine
 * — and everything else (writes, which keep the store's own metadata; listing, presigning) goes to the S3 API, as does
 * a read whose file is not there. Readers check what they read (an export hashes every object), as they do over HTTP.
 */
public final class LocalFilesMediaStore implements MediaStore, AutoCloseable {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,62}");
    private final MediaStore api;
    private final Path folder;

    /**
     * @param api    the same store through its S3 API
     * @param folder the store's object folder (the embedded store's {@code objects} folder of the data directory)
     */
    public LocalFilesMediaStore(MediaStore api, Path folder) {
        this.api = api;
        this.folder = folder.toAbsolutePath().normalize();
    }

    @Override
    public InputStream open(String bucket, String key) {
        Path file = fileOf(bucket, key);
        if (file != null) {
            try {
                return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                // not (or no longer) a file here: the API answers, with its own error for a missing object
            } catch (IOException e) {
                // unreadable here: the API may still read it
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
        if (!BUCKET.matcher(bucket).matches() || key.isEmpty() || key.startsWith("/") || key.endsWith("/")
                || key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
            return null;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        try {
            Path bucketFolder = folder.resolve(bucket);
            Path file = bucketFolder.resolve(key).normalize();
            return file.startsWith(bucketFolder) && !file.equals(bucketFolder) ? file : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    @Override
    public void ensureBucket(String bucket) {
        api.ensureBucket(bucket);
    }

    @Override
    public void put(String bucket, String key, InputStream content, long size, String contentType) {
        api.put(bucket, key, content, size, contentType);
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
