package dev.meshrooms.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a bundle: a POSIX (PAX) tar stream compressed with zstd, one entry after the other, nothing buffered. An
 * entry compressed earlier ({@link CompressedSpool}) goes in as its zstd frames, not compressed twice.
 */
final class BundleWriter implements AutoCloseable {
    /**
     * zstd level 1, as {@code zstd -1} of the standard tools: media are mostly compressed already (images, video), and
     * the reference room's db.sql comes out 13% larger than at level 3 for about 40% less CPU (docs/benchmarks.md).
     */
    static final int LEVEL = 1;

    private static final int RECORD = 512;
    private static final byte[] ZEROS = new byte[1 << 16];
    private final ZstdFrames zstd;
    private final TarArchiveOutputStream tar;
    private final Instant modified;

    BundleWriter(OutputStream out, Instant modified) {
        this.zstd = new ZstdFrames(out, LEVEL, workers());
        // blocks of one 512-byte record: every header reaches the zstd layer as soon as it is written, which
        // addCompressed relies on (and no end-of-archive padding beyond the two zero records)
        this.tar = new TarArchiveOutputStream(zstd, RECORD, "UTF-8");
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        // whole seconds, as tar's own header holds them: a time with a fraction would give every entry a PAX header of
        // its own ("mtime=…"), 1 KB more per entry and the work of making it
        this.modified = modified.truncatedTo(ChronoUnit.SECONDS);
    }

    /** zstd worker threads: one per core. */
    static int workers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    void add(String name, long size, InputStream content) throws IOException {
        tar.putArchiveEntry(entry(name, size));
        long copied = content.transferTo(tar);
        if (copied != size) {
            throw new IOException(name + ": " + copied + " bytes where " + size + " were announced");
        }
        tar.closeArchiveEntry();
    }

    /** Writes an entry's content into the archive: exactly the size announced. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Adds an entry whose content writes itself (from buffers it holds); the tar stream checks the size. */
    void add(String name, long size, Content content) throws IOException {
        tar.putArchiveEntry(entry(name, size));
        content.writeTo(tar);
        tar.closeArchiveEntry();
    }

    /** Adds an entry whose content is already compressed: the spool's frames go in unchanged. */
    void addCompressed(String name, CompressedSpool spool) throws IOException {
        long size = spool.size();
        tar.putArchiveEntry(entry(name, size));
        zstd.insertFrames(spool.frames(), size);
        // the tar stream counts the entry's bytes and pads its last record: it gets the length in zeros, which the
        // zstd layer drops (the inserted frames hold the real bytes)
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(left, ZEROS.length);
            tar.write(ZEROS, 0, n);
            left -= n;
        }
        tar.closeArchiveEntry();
    }

    private TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(0644);
        entry.setModTime(java.nio.file.attribute.FileTime.from(modified));
        return entry;
    }

    @Override
    public void close() throws IOException {
        tar.finish();
        tar.close();
    }
}
