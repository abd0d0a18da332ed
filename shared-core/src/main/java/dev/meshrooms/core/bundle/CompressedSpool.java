package dev.meshrooms.core.bundle;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A bundle entry that must be complete before the archive starts (db.sql: its size and SHA-256 go into
 * metadata.json, the first entry): written once into a temp file as zstd frames at the bundle's level, its plain size
 * and SHA-256 taken on the way. The compression runs on zstd's worker threads while the rows arrive, and
 * {@link BundleWriter#addCompressed} copies the frames into the archive as they are. The file is deleted on close.
 */
final class CompressedSpool implements AutoCloseable {
    private final Path file;
    private final MessageDigest sha = Hashing.sha256();
    private final ZstdOutputStream zstd;
    private final OutputStream plain;
    private long size;
    private byte[] digest;

    CompressedSpool(String prefix, int workers) throws IOException {
        this.file = Files.createTempFile(prefix, ".zst");
        try {
            this.zstd = ZstdFrames.open(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), BundleWriter.LEVEL, workers);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        this.plain = new BufferedOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sha.update(b, off, len);
                size += len;
                zstd.write(b, off, len);
            }
        }, 1 << 16);
    }

    /** Where the plain bytes go (COPY writes a row at a time: buffered here). */
    OutputStream plain() {
        return plain;
    }

    /** Ends the frames; after this {@link #size}, {@link #sha256} and {@link #frames} describe the entry. */
    void finish() throws IOException {
        if (digest != null) {
            return;
        }
        plain.flush();
        zstd.close();
        digest = sha.digest();
    }

    long size() {
        return size;
    }

    byte[] sha256() {
        if (digest == null) {
            throw new IllegalStateException("finish() first");
        }
        return digest;
    }

    Path frames() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            if (digest == null) {
                zstd.close();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
