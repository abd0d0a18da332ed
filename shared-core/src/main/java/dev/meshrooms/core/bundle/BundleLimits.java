package dev.meshrooms.core.bundle;

/**
 * Bounds an importer puts on an untrusted bundle, so that a zstd or tar bomb fails early instead of filling a disk.
 *
 * @param maxEntries        entries in the tar stream
 * @param maxTotalBytes     uncompressed bytes of all entries
 * @param maxMetadataBytes  size of metadata.json
 * @param maxLineBytes      one line of db.sql
 * @param maxRatio          uncompressed bytes per compressed byte, checked once past {@code ratioGraceBytes}
 * @param ratioGraceBytes   uncompressed bytes read before the ratio is enforced
 */
public record BundleLimits(
        long maxEntries,
        long maxTotalBytes,
        long maxMetadataBytes,
        int maxLineBytes,
        long maxRatio,
        long ratioGraceBytes) {

    public static BundleLimits defaults() {
        return new BundleLimits(2_000_000, 200L << 30, 64L << 20, 1 << 20, 200, 64L << 20);
    }
}
