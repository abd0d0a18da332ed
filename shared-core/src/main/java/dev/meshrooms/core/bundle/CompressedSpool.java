package dev.meshrooms.core.bundle;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A bundle entry that must be complete before the archive starts (db.sql: its size and SHA-256 go into
 * metadata.json, the first entry): written once into temp files as zstd frames at the bundle's level, its plain size
 * and SHA-256 taken on the way. The compression runs on zstd's worker threads while the rows arrive, and
 * {@link BundleWriter#addCompressed} copies the frames into the archive as they are. The files are deleted on close.
 *
 * <p>The entry may be written in several consecutive parts at the same time, each by its own thread into its own
 * file ({@link #parts}): the entry is the parts' bytes in order. The first part is hashed as it is written; the hash
 * must go on in order, so the others are hashed after {@link #finish}, decompressed from their frames.
 */
final class CompressedSpool implements AutoCloseable {
    private final MessageDigest sha = Hashing.sha256();
    private final List<Part> parts = new ArrayList<>();
    private CompletableFuture<byte[]> digest;
    private volatile boolean closed;

    /** One part, written by one thread. */
    CompressedSpool(String prefix, int workers) throws IOException {
        this(prefix, workers, 1);
    }

    CompressedSpool(String prefix, int workers, int parts) throws IOException {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, got " + parts);
        }
        try {
            for (int i = 0; i < parts; i++) {
                this.parts.add(new Part(prefix, workers, i == 0 ? sha : null));
            }
        } catch (IOException | RuntimeException e) {
            closeParts(e);
            throw e;
        }
    }

    /** Where the plain bytes go, for one part only. */
    OutputStream plain() {
        if (parts.size() != 1) {
            throw new IllegalStateException("this spool has " + parts.size() + " parts: write them through parts()");
        }
        return parts.get(0).plain;
    }

    /** Where the plain bytes of each part go (COPY writes a row at a time: buffered here); one thread per part. */
    List<OutputStream> parts() {
        return parts.stream().map(p -> p.plain).toList();
    }

    /**
     * Ends the frames; the parts after the first are then hashed on a thread of their own, so that the caller can go
     * on meanwhile; {@link #sha256} waits for it. After this {@link #size} and {@link #frames} describe the entry.
     */
    void finish() throws IOException {
        if (digest != null) {
            return;
        }
        for (Part part : parts) {
            part.finish();
        }
        digest = new CompletableFuture<>();
        if (parts.size() == 1) {
            digest.complete(sha.digest());
            return;
        }
        Thread hasher = new Thread(
                () -> {
                    try {
                        digest.complete(hashRest());
                    } catch (Throwable e) {
                        digest.completeExceptionally(e);
                    }
                },
                "mesh-spool-hash");
        hasher.setDaemon(true);
        hasher.start();
    }

    private byte[] hashRest() throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (Part part : parts.subList(1, parts.size())) {
            long hashed = 0;
            try (InputStream in = new ZstdInputStream(Files.newInputStream(part.file))) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (closed) {
                        throw new IOException("the spool was closed while its parts were being hashed");
                    }
                    sha.update(buffer, 0, n);
                    hashed += n;
                }
            }
            if (hashed != part.size) {
                throw new IOException("spooled part " + part.file + " holds " + hashed + " bytes where " + part.size
                        + " were written");
            }
        }
        return sha.digest();
    }

    long size() {
        return parts.stream().mapToLong(p -> p.size).sum();
    }

    /** The entry's SHA-256, once the parts are hashed (waits for that). */
    byte[] sha256() throws IOException {
        if (digest == null) {
            throw new IllegalStateException("finish() first");
        }
        try {
            return digest.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("hashing the spooled parts failed: " + e.getCause(), e.getCause());
        }
    }

    /** The parts' files of zstd frames, in order. */
    List<Path> frames() {
        return parts.stream().map(p -> p.file).toList();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (digest != null) {
            try {
                digest.join(); // the hashing thread reads the files: it ends (soon, seeing closed) before they go
            } catch (CompletionException ignored) {
                // its failure was the caller's to see through sha256(), or does not matter any more
            }
        }
        closeParts(null);
    }

    private void closeParts(Exception failure) throws IOException {
        IOException first = null;
        for (Part part : parts) {
            try {
                part.close();
            } catch (IOException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One temp file of frames; its plain bytes counted and, for the first part, hashed as they are written. */
    private static final class Part {
        private final Path file;
        private final ZstdOutputStream zstd;
        private final OutputStream plain;
        private final MessageDigest sha;
        private long size;
        private boolean finished;

        Part(String prefix, int workers, MessageDigest sha) throws IOException {
            this.file = Files.createTempFile(prefix, ".zst");
            try {
                this.zstd = ZstdFrames.open(
                        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), BundleWriter.LEVEL, workers);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            this.sha = sha;
            this.plain = new Plain();
        }

        /** Takes the part's plain bytes: counted, hashed (the first part) and compressed. */
        private void consume(byte[] b, int off, int len) throws IOException {
            if (sha != null) {
                sha.update(b, off, len);
            }
            size += len;
            zstd.write(b, off, len);
        }

        /**
         * The part's plain bytes as written: small writes (db.sql's head, a small table's COPY rows) gathered into a
         * buffer, large ones (the messages' text, in blocks) taken as they are, without a copy.
         */
        private final class Plain extends OutputStream {
            private static final int DIRECT = 8 << 10;
            private final byte[] buffer = new byte[1 << 16];
            private int used;

            @Override
            public void write(int b) throws IOException {
                if (used == buffer.length) {
                    drain();
                }
                buffer[used++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len >= DIRECT) {
                    drain();
                    consume(b, off, len);
                    return;
                }
                if (len > buffer.length - used) {
                    drain();
                }
                System.arraycopy(b, off, buffer, used, len);
                used += len;
            }

            /** Passes the gathered bytes on (not a zstd flush: that would end a compressed block early). */
            @Override
            public void flush() throws IOException {
                drain();
            }

            private void drain() throws IOException {
                if (used > 0) {
                    consume(buffer, 0, used);
                    used = 0;
                }
            }
        }

        void finish() throws IOException {
            plain.flush();
            zstd.close();
            finished = true;
        }

        void close() throws IOException {
            try {
                if (!finished) {
                    zstd.close();
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
