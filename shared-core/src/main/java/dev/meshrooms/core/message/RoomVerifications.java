package dev.meshrooms.core.message;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.SignatureReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whole-room signature checks as callers over the network ask for them. A room is checked once at a time: a second
 * caller for the same room joins the running check and gets its result. At most {@value #MAX_ROOMS} rooms are checked
 * at once on the instance (their batches share {@code SignatureWorkers}' threads); more is refused with
 * {@code TOO_MANY_REQUESTS}. A check that nobody waits for any more stops after its current batch.
 */
public final class RoomVerifications {
    public static final int MAX_ROOMS = 2;
    private final MessageService messages;
    private final Map<UUID, Running> running = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong stopped = new java.util.concurrent.atomic.AtomicLong();
    private final ExecutorService readers =
            new ThreadPoolExecutor(MAX_ROOMS, MAX_ROOMS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "mesh-room-verification");
                t.setDaemon(true);
                return t;
            });

    private static final class Running {
        final AtomicInteger waiters = new AtomicInteger();
        CompletableFuture<SignatureReport> result;
    }

    public RoomVerifications(MessageService messages) {
        this.messages = messages;
    }

    /** Starts checking the room, or joins the check running for it; close the waiter when done waiting. */
    public Waiter start(UUID roomId) {
        synchronized (running) {
            Running check = running.get(roomId);
            if (check == null) {
                if (running.size() >= MAX_ROOMS) {
                    throw new MeshException(
                            ErrorCode.TOO_MANY_REQUESTS,
                            "The signatures of " + running.size()
                                    + " rooms are being checked already; try again in a few seconds.");
                }
                Running fresh = new Running();
                fresh.result = CompletableFuture.supplyAsync(
                        () -> messages.verify(roomId, () -> fresh.waiters.get() == 0), readers);
                fresh.result.whenComplete((report, failure) -> {
                    synchronized (running) {
                        running.remove(roomId, fresh);
                    }
                    if (failure != null
                            && failure.getCause() instanceof MeshException e
                            && e.code() == ErrorCode.CANCELLED) {
                        stopped.incrementAndGet();
                    }
                });
                running.put(roomId, fresh);
                check = fresh;
            }
            check.waiters.incrementAndGet();
            return new Waiter(check);
        }
    }

    /** How many rooms are being checked now. */
    public int running() {
        synchronized (running) {
            return running.size();
        }
    }

    /** How many checks stopped early because nobody waited for them any more. */
    public long stopped() {
        return stopped.get();
    }

    /** One caller waiting for a room's check. */
    public static final class Waiter implements AutoCloseable {
        private final Running check;
        private boolean closed;

        private Waiter(Running check) {
            this.check = check;
        }

        /** The report once the check is done, waiting at most {@code wait}; null while it runs. */
        public SignatureReport await(Duration wait) throws InterruptedException {
            try {
                return check.result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                return null;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof MeshException mesh) {
                    throw mesh;
                }
                throw new MeshException(
                        ErrorCode.INTERNAL, "checking the room's signatures failed: " + e.getCause(), e.getCause());
            }
        }

        /** This caller stops waiting; the check stops too when it was the last one. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                check.waiters.decrementAndGet();
            }
        }
    }
}
