package dev.meshrooms.core.upload;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.time.Duration;

/**
 * The bounds on bundles pushed to this instance, per token (a browser session counts as its user).
 *
 * @param maxBundleBytes  the largest bundle one upload may announce (MESH_PUSH_MAX_BYTES)
 * @param uploadsPerOwner unfinished uploads one token may hold at once (MESH_PUSH_UPLOADS_PER_TOKEN)
 * @param bytesPerOwner   the bytes all of one token's unfinished uploads may announce together
 *                        (MESH_PUSH_BYTES_PER_TOKEN)
 * @param idleExpiry      an upload that has not moved for this long is removed (MESH_PUSH_IDLE_HOURS)
 */
public record PushLimits(long maxBundleBytes, int uploadsPerOwner, long bytesPerOwner, Duration idleExpiry) {
    private static final long GIB = 1L << 30;
    public static final PushLimits DEFAULTS = new PushLimits(64 * GIB, 2, 128 * GIB, Duration.ofHours(24));

    public PushLimits validate() {
        if (maxBundleBytes < 1 || bytesPerOwner < 1) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_PUSH_MAX_BYTES / MESH_PUSH_BYTES_PER_TOKEN: must be at least 1 (bytes)");
        }
        if (uploadsPerOwner < 1) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "MESH_PUSH_UPLOADS_PER_TOKEN: must be at least 1, got " + uploadsPerOwner);
        }
        if (idleExpiry.isNegative() || idleExpiry.isZero()) {
            throw new MeshException(ErrorCode.CONFIGURATION, "MESH_PUSH_IDLE_HOURS: must be at least 1");
        }
        return this;
    }

    public PushLimits withMaxBundleBytes(long bytes) {
        return new PushLimits(bytes, uploadsPerOwner, bytesPerOwner, idleExpiry);
    }

    public PushLimits withUploadsPerOwner(int uploads) {
        return new PushLimits(maxBundleBytes, uploads, bytesPerOwner, idleExpiry);
    }

    public PushLimits withBytesPerOwner(long bytes) {
        return new PushLimits(maxBundleBytes, uploadsPerOwner, bytes, idleExpiry);
    }

    public PushLimits withIdleExpiry(Duration idle) {
        return new PushLimits(maxBundleBytes, uploadsPerOwner, bytesPerOwner, idle);
    }
}
