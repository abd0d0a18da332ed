package dev.meshrooms.lite.http.upload;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.upload.BundleUploads;
import dev.meshrooms.core.upload.UploadedBundles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushed bundles' resumable uploads (tus 1.0: creation, termination, checksum, expiration), spooled to files under
 * the data directory by tus-java-server and read back by the imports. Its folder is the server's own (0700).
 */
public final class BundleSpool implements UploadedBundles {
    /** Where uploads are created and addressed: {@code /api/uploads/<id>}. */
    public static final String PATH = "/api/uploads";

    private static final Logger LOG = LoggerFactory.getLogger(BundleSpool.class);
    private final TusFileUploadService tus;
    private final BundleUploads records;
    private final Path folder;

    public BundleSpool(Path folder, BundleUploads records) {
        this.folder = folder;
        this.records = records;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "the upload folder " + folder + " cannot be made (" + e.getMessage()
                            + "); check the data directory's permissions",
                    e);
        }
        this.tus = new TusFileUploadService()
                .withStoragePath(folder.toString())
                .withUploadUri(PATH)
                .withMaxUploadSize(records.limits().maxBundleBytes())
                .withUploadExpirationPeriod(records.limits().idleExpiry().toMillis())
                // one upload is one bundle: parts joined on the server would slip past the bounds per upload
                .disableTusExtension("concatenation");
    }

    TusFileUploadService tus() {
        return tus;
    }

    /** Bytes the folder's disk can still take. */
    long freeBytes() {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Upload> find(String id, String owner) {
        try {
            UploadInfo info = tus.getUploadInfo(url(id), owner);
            if (info == null) {
                return Optional.empty();
            }
            Map<String, String> metadata = info.hasMetadata() ? info.getMetadata() : Map.of();
            return Optional.of(new Upload(id, info.getLength(), info.getOffset(), metadata));
        } catch (IOException | TusException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String id, String owner) {
        try {
            InputStream in = tus.getUploadedBytes(url(id), owner);
            if (in == null) {
                throw gone(id);
            }
            return in;
        } catch (IOException | TusException e) {
            throw gone(id);
        }
    }

    @Override
    public void delete(String id, String owner) {
        try {
            tus.deleteUpload(url(id), owner);
        } catch (IOException | TusException e) {
            LOG.warn("removing upload {} failed; the hourly clean-up tries again: {}", id, e.getMessage());
        }
    }

    /**
     * Removes uploads idle longer than the bounds allow (their files and records), then whatever tus-java-server
     * itself finds expired or stale. Returns how many recorded uploads were removed.
     */
    public int sweep() {
        int removed = 0;
        for (BundleUploads.Recorded idle : records.idle(Instant.now())) {
            delete(idle.id(), idle.owner());
            records.forget(idle.id());
            removed++;
        }
        try {
            tus.cleanup();
        } catch (IOException e) {
            LOG.warn("cleaning the upload folder failed; the next run tries again: {}", e.getMessage());
        }
        return removed;
    }

    private static String url(String id) {
        return PATH + "/" + id;
    }

    private static MeshException gone(String id) {
        return new MeshException(
                ErrorCode.NOT_FOUND, "upload " + id + " is gone (expired or removed); upload the bundle again");
    }
}
