package dev.meshrooms.lite.http.event;

import dev.meshrooms.core.message.RoomFeed;
import dev.meshrooms.core.model.MessageView;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One browser's event stream of a room. The room feed hands it changes on the feed's threads; they are queued here
 * and written by the shared writer threads, one batch at a time per stream, so a slow reader never holds up the feed
 * or other readers. A reader that falls {@value #MAX_QUEUED} events behind is closed: its browser reconnects with
 * {@code Last-Event-ID} and catches up from the database.
 */
final class LiveStream implements RoomFeed.Reader {
    static final int MAX_QUEUED = 2_000;

    private record Event(String name, String data, String id) {}

    private final SseClient client;
    private final Executor writers;
    private final Function<MessageView, String> json;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closeAfterWriting = new AtomicBoolean();
    private final Runnable onClose;

    LiveStream(SseClient client, Executor writers, Function<MessageView, String> json, Runnable onClose) {
        this.client = client;
        this.writers = writers;
        this.json = json;
        this.onClose = onClose;
    }

    @Override
    public boolean deliver(List<MessageView> changes) {
        for (MessageView view : changes) {
            if (!offer(new Event(
                    "message", json.apply(view), Long.toString(view.message().changeSeq())))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void end(String why) {
        // set first: the writer may drain the queue before this method returns
        closeAfterWriting.set(true);
        offer(new Event("end", "{\"reason\":\"" + why.replace("\\", "/").replace("\"", "'") + "\"}", null));
    }

    /** The browser should reload: what it has comes from another copy of the room. */
    void reset() {
        offer(new Event("reset", "{}", null));
    }

    /** A comment line that keeps the connection (and any proxy) from timing out. */
    void heartbeat() {
        offer(new Event(null, "heartbeat", null));
    }

    boolean isClosed() {
        return closed.get();
    }

    private boolean offer(Event event) {
        if (closed.get()) {
            return false;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            close();
            return false;
        }
        queue.add(event);
        if (writing.compareAndSet(false, true)) {
            try {
                writers.execute(this::write);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                close();
                return false;
            }
        }
        return true;
    }

    private void write() {
        try {
            while (true) {
                Event event;
                while ((event = queue.poll()) != null) {
                    queued.decrementAndGet();
                    if (closed.get() || client.terminated()) {
                        close();
                        return;
                    }
                    if (event.name() == null) {
                        client.sendComment(event.data());
                    } else if (event.id() == null) {
                        client.sendEvent(event.name(), event.data());
                    } else {
                        client.sendEvent(event.name(), event.data(), event.id());
                    }
                }
                if (closeAfterWriting.get()) {
                    close();
                    return;
                }
                writing.set(false);
                // an event queued after the poll but before the flag fell: take the turn again
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            close();
        }
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // the connection is gone already
            }
            onClose.run();
        }
    }
}
