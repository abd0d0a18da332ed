package dev.meshrooms.core.move;

import dev.meshrooms.core.MeshCore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Threads that send messages to a room one after another until stopped, recording what was acknowledged. */
final class Writers implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<List<UUID>> sent = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong slowestNanos = new AtomicLong();

    Writers(MeshCore mesh, UUID roomId, List<UUID> authors) {
        for (int w = 0; w < authors.size(); w++) {
            List<UUID> mine = new CopyOnWriteArrayList<>();
            sent.add(mine);
            UUID author = authors.get(w);
            int writer = w;
            Thread t = new Thread(
                    () -> {
                        int i = 0;
                        while (running.get()) {
                            long started = System.nanoTime();
                            try {
                                mine.add(mesh.messages()
                                        .send(roomId, author, "writer " + writer + " message " + i++, null)
                                        .id());
                            } catch (RuntimeException e) {
                                failures.add(e);
                                return;
                            }
                            slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                        }
                    },
                    "writer-" + w);
            threads.add(t);
            t.start();
        }
    }

    /** What each writer got acknowledged, in the order it sent them. */
    List<List<UUID>> sent() {
        return sent;
    }

    List<UUID> all() {
        return sent.stream().flatMap(List::stream).toList();
    }

    List<Throwable> failures() {
        return failures;
    }

    long slowestMillis() {
        return slowestNanos.get() / 1_000_000;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
