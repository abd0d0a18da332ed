package dev.meshrooms.lite.http.event;

import dev.meshrooms.core.message.RoomFeed;
import dev.meshrooms.core.model.MessageView;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One browser's event stream of a room. The room feed hands it changes on the feed's threads; they are queued here
 * and written by the shared writer threads, one stream at a time per thread, every frame queued at once and then one
 * flush, so a slow reader never holds up the feed or other readers and a busy room costs one system call per reader
 * per batch, not per message. Frames are the Server-Sent Events wire format, made once per change for all readers
 * ({@link RoomEventsController}). A reader that falls {@value #MAX_QUEUED} events behind is closed: its browser
 * reconnects with {@code Last-Event-ID} and catches up from the database.
 */
final class LiveStream implements RoomFeed.Reader {
    static final int MAX_QUEUED = 2_000;
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESET = "event: reset\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);

    private final SseClient client;
    private final OutputStream out;
    private final Executor writers;
    private final Function<MessageView, byte[]> frames;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closeAfterWriting = new AtomicBoolean();
    private final Runnable onClose;

    LiveStream(SseClient client, Executor writers, Function<MessageView, byte[]> frames, Runnable onClose)
            throws IOException {
        this.client = client;
        this.out = client.ctx().res().getOutputStream();
        this.writers = writers;
        this.frames = frames;
        this.onClose = onClose;
    }

    @Override
    public boolean deliver(List<MessageView> changes) {
        for (MessageView view : changes) {
            if (!offer(frames.apply(view))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void end(String why) {
        // set first: the writer may drain the queue before this method returns
        closeAfterWriting.set(true);
        String reason = why.replace("\\", "/").replace("\"", "'").replaceAll("[\\r\\n]", " ");
        offer(("event: end\ndata: {\"reason\":\"" + reason + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The browser should reload: what it has comes from another copy of the room. */
    void reset() {
        offer(RESET);
    }

    /** A comment line that keeps the connection (and any proxy) from timing out. */
    void heartbeat() {
        offer(HEARTBEAT);
    }

    boolean isClosed() {
        return closed.get();
    }

    private boolean offer(byte[] frame) {
        if (closed.get()) {
            return false;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            close();
            return false;
        }
        queue.add(frame);
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
                byte[] frame;
                boolean wrote = false;
                while ((frame = queue.poll()) != null) {
                    queued.decrementAndGet();
                    if (closed.get() || client.terminated()) {
                        close();
                        return;
                    }
                    out.write(frame);
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                }
                if (closeAfterWriting.get()) {
                    close();
                    return;
                }
                writing.set(false);
                // a frame queued after the poll but before the flag fell: take the turn again
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            close(); // the browser went away
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
