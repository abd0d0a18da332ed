package dev.meshrooms.core.usage;

import dev.meshrooms.core.error.MeshException;
import java.time.Duration;

/**
 * What a room with its own shard may use without a billing link: {@code bytes} of rows and media, for its first
 * {@code days} with the shard. {@code enforced} false (an instance that bills nobody, such as a Mesh-Lite at home):
 * rooms are never held to it.
 *
 * @param bytes    {@code MESH_FREE_TIER_BYTES}, 1 GiB by default
 * @param days     {@code MESH_FREE_TIER_DAYS}, 30 by default
 * @param enforced {@code MESH_FREE_TIER_ENFORCED}: on when billing is configured
 */
public record FreeTier(long bytes, int days, boolean enforced) {
    public static final FreeTier DEFAULTS = new FreeTier(1L << 30, 30, false);
    /** A warning shows from this share of the bytes on, and this many days before the end. */
    public static final double WARN_AT = 0.8;

    public static final int WARN_DAYS = 7;

    public FreeTier validate() {
        if (bytes < 0 || days < 0) {
            throw MeshException.invalid(
                    "MESH_FREE_TIER_BYTES / MESH_FREE_TIER_DAYS", "must not be negative (" + bytes + ", " + days + ")");
        }
        return this;
    }

    public Duration period() {
        return Duration.ofDays(days);
    }

    public FreeTier enforced(boolean on) {
        return new FreeTier(bytes, days, on);
    }
}
