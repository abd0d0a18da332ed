package dev.meshrooms.core.bundle;

import com.github.luben.zstd.ZstdOutputStream;
import dev.meshrooms.core.io.KeepOpenOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The zstd layer under a bundle's tar stream, able to take frames compressed earlier: {@link #insertFrames} ends the
 * current frame, copies the given frames through as they are and then swallows the plain bytes they stand for when
 * the tar stream writes them. Concatenated zstd frames are one valid zstd stream ({@code zstd -d}, {@code tar --zstd}
 * and {@link BundleReader} read them as one), so db.sql, compressed while it was written, is not compressed again.
 */
final class ZstdFrames extends OutputStream {
    private static final int BUFFER = 1 << 16;
    private final OutputStream out;
    private final int level;
    private final int workers;
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;
    private ZstdOutputStream frame;
    private long swallow;

    ZstdFrames(OutputStream out, int level, int workers) {
        this.out = out;
        this.level = level;
        this.workers = workers;
    }

    /** A zstd stream of one frame per {@link #close}, at the bundle's level and on {@code workers} threads. */
    static ZstdOutputStream open(OutputStream out, int level, int workers) throws IOException {
        ZstdOutputStream zstd = new ZstdOutputStream(out, level);
        zstd.setWorkers(workers);
        return zstd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (swallow > 0) {
            int skipped = (int) Math.min(len, swallow);
            swallow -= skipped;
            off += skipped;
            len -= skipped;
        }
        while (len > 0) {
            if (buffered == BUFFER) {
                drain();
            }
            int n = Math.min(len, BUFFER - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Ends the current frame, copies the files of {@code frames} (complete zstd frames) to the output unchanged, in
     * order, and drops the next {@code plainLength} bytes written here: the plain bytes those frames decompress to.
     */
    void insertFrames(List<Path> frames, long plainLength) throws IOException {
        if (swallow > 0) {
            throw new IllegalStateException(swallow + " bytes of the previous inserted frames were never written");
        }
        endFrame();
        byte[] copy = new byte[1 << 20]; // big reads: the frames of a big room's db.sql are hundreds of MB
        for (Path file : frames) {
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(copy)) > 0; ) {
                    out.write(copy, 0, n);
                }
            }
        }
        swallow = plainLength;
    }

    private void drain() throws IOException {
        if (buffered == 0) {
            return;
        }
        if (frame == null) {
            frame = open(new KeepOpenOutputStream(out), level, workers); // ending a frame must not close the output
        }
        frame.write(buffer, 0, buffered);
        buffered = 0;
    }

    private void endFrame() throws IOException {
        drain();
        if (frame != null) {
            frame.close();
            frame = null;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        if (frame != null) {
            frame.flush();
        }
        out.flush();
    }

    /** Ends the last frame; the output stays open. */
    @Override
    public void close() throws IOException {
        if (swallow > 0) {
            throw new IOException(swallow + " bytes of inserted zstd frames were announced but never written");
        }
        endFrame();
        out.flush();
    }
}
