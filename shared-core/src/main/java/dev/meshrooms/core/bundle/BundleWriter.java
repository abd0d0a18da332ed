package dev.meshrooms.core.bundle;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes a bundle: a POSIX (PAX) tar stream compressed with zstd, one entry after the other, nothing buffered. */
final class BundleWriter implements AutoCloseable {
    /**
     * zstd level 1, as {@code zstd -1} of the standard tools: media are mostly compressed already (images, video), and
     * the reference room's db.sql comes out 13% larger than at level 3 for about 40% less CPU (docs/benchmarks.md).
     */
    static final int LEVEL = 1;
    private final ZstdOutputStream zstd;
    private final TarArchiveOutputStream tar;
    private final Instant modified;

    BundleWriter(OutputStream out, Instant modified) throws IOException {
        this.zstd = new ZstdOutputStream(out, LEVEL);
        this.zstd.setWorkers(Math.max(1, Runtime.getRuntime().availableProcessors()));
        this.tar = new TarArchiveOutputStream(zstd, "UTF-8");
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.modified = modified;
    }

    void add(String name, long size, InputStream content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(0644);
        entry.setModTime(java.nio.file.attribute.FileTime.from(modified));
        tar.putArchiveEntry(entry);
        long copied = content.transferTo(tar);
        if (copied != size) {
            throw new IOException(name + ": " + copied + " bytes where " + size + " were announced");
        }
        tar.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
        tar.finish();
        tar.close();
    }
}
