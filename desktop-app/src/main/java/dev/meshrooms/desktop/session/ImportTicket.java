package dev.meshrooms.desktop.session;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One running import, shared between the worker and the window: bytes read of the bundle file, and Cancel. */
public final class ImportTicket {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile long fileSize = -1;

    public void cancel() {
        cancelled.set(true);
    }

    public boolean cancelled() {
        return cancelled.get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long fileSize() {
        return fileSize;
    }

    void fileSize(long size) {
        this.fileSize = size;
    }

    void read(long n) {
        bytesRead.addAndGet(n);
    }
}
