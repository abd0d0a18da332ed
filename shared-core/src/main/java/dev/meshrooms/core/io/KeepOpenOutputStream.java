package dev.meshrooms.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Lets a stream on top (tar, zstd) be closed to finish its output without closing the caller's stream underneath (an
 * HTTP response, a file): close only flushes. Writes pass straight through, not byte by byte as in
 * {@link FilterOutputStream}.
 */
public final class KeepOpenOutputStream extends FilterOutputStream {
    public KeepOpenOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
