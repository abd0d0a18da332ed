package dev.meshrooms.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An output stream whose bytes reach the stream below on a thread of its own: writes fill one of a few buffers, and
 * a full buffer is handed to that thread while the next one fills. For a producer that keeps a core busy (an export
 * compressing into a file or a download), the system calls and page-cache copies of writing out then run beside it
 * instead of in turn with it. {@link #flush} and {@link #close} wait until every byte is written below; a failure
 * below is thrown by the next call here. {@link #close} does not close the stream below.
 */
public final class WriteBehindOutputStream extends OutputStream {
    private static final byte[] END = new byte[0];
    private final OutputStream out;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Chunk> pending;
    private final Thread writer;
    private volatile IOException failure;
    private byte[] buffer;
    private int used;
    private boolean closed;
    /** Chunks handed to the writing thread, and written by it (guarded by this). */
    private long handed;

    private long written;

    private record Chunk(byte[] bytes, int length, boolean flush) {}

    /** @param buffers how many buffers (at least 2), {@code bufferSize} bytes each */
    public WriteBehindOutputStream(OutputStream out, int buffers, int bufferSize) {
        if (buffers < 2 || bufferSize < 1) {
            throw new IllegalArgumentException("at least 2 buffers of at least 1 byte");
        }
        this.out = out;
        this.free = new ArrayBlockingQueue<>(buffers);
        this.pending = new ArrayBlockingQueue<>(buffers + 1);
        for (int i = 1; i < buffers; i++) {
            free.add(new byte[bufferSize]);
        }
        this.buffer = new byte[bufferSize];
        this.writer = new Thread(this::writeAll, "mesh-write-behind");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        while (len > 0) {
            if (used == buffer.length) {
                handOver(false);
            }
            int n = Math.min(len, buffer.length - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    /** Hands the bytes so far to the writing thread and waits until they and everything before are written and flushed. */
    @Override
    public void flush() throws IOException {
        check();
        handOver(true);
        awaitWritten();
    }

    /** Writes what is left and ends the writing thread; the stream below stays open. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                handOver(true);
            }
        } finally {
            put(new Chunk(END, 0, false));
            join();
        }
        check();
    }

    private void handOver(boolean flush) throws IOException {
        synchronized (this) {
            handed++;
        }
        put(new Chunk(buffer, used, flush));
        try {
            buffer = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a write buffer");
        }
        used = 0;
    }

    private void put(Chunk chunk) throws IOException {
        try {
            pending.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing bytes to the writing thread");
        }
    }

    /** Waits until the writing thread has written every chunk handed over. */
    private void awaitWritten() throws IOException {
        try {
            synchronized (this) {
                while (written < handed && failure == null) {
                    wait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for bytes to be written");
        }
        check();
    }

    private void writeAll() {
        try {
            while (true) {
                Chunk chunk = pending.take();
                if (chunk.bytes() == END) {
                    return;
                }
                try {
                    if (failure == null) {
                        out.write(chunk.bytes(), 0, chunk.length());
                        if (chunk.flush()) {
                            out.flush();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                } finally {
                    free.offer(chunk.bytes());
                    synchronized (this) {
                        written++;
                        notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void join() throws IOException {
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the writing thread to end");
        }
    }

    private void check() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw new IOException("writing out failed: " + e.getMessage(), e);
        }
    }
}
