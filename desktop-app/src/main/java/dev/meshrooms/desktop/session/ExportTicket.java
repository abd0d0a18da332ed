package dev.meshrooms.desktop.session;

import java.util.concurrent.atomic.AtomicBoolean;

/** One running export, shared between the worker and the window: Cancel. */
public final class ExportTicket {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean cancelled() {
        return cancelled.get();
    }
}
