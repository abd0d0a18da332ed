package dev.meshrooms.core.signature;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks batches of message signatures on every core while the caller reads the next batch. At most two batches per
 * thread wait at once ({@link #submit} blocks until one is done), so memory stays bounded however many messages a
 * room holds. Bigger batches check faster: each is checked an author at a time, and the more of an author's signatures
 * a batch holds, the more of them find the author's table in the cache.
 */
public final class ParallelVerifier implements AutoCloseable {
    /** One message to check: its id (for the report) and what its author signed. */
    public record Item(UUID messageId, SignedContent content, byte[] signature) {}

    /** How many were checked and valid, and the ids of the invalid ones. */
    public record Outcome(long checked, long valid, List<UUID> invalid) {}

    /** Items whose signed bytes exist at once in a worker. */
    private static final int TOGETHER = 256;

    private final ExecutorService workers;
    private final boolean ownsWorkers;
    private final int inFlight;
    private final Semaphore slots;
    /** One per batch, in submission order, so the invalid ids come out in the order the messages were read. */
    private final List<Future<List<UUID>>> batches = new ArrayList<>();

    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong valid = new AtomicLong();

    public ParallelVerifier(int threads) {
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mesh-signature-check");
            t.setDaemon(true);
            return t;
        });
        this.ownsWorkers = true;
        this.inFlight = threads * 2;
        this.slots = new Semaphore(inFlight);
    }

    /**
     * Checks on a pool shared with other checks (the instance's, bounded), queuing at most {@code 2 × parallelism}
     * batches of its own at once; {@link #close} leaves the pool running.
     */
    public ParallelVerifier(ExecutorService shared, int parallelism) {
        this.workers = shared;
        this.ownsWorkers = false;
        this.inFlight = parallelism * 2;
        this.slots = new Semaphore(inFlight);
    }

    /** As many threads as the machine has cores. */
    public static ParallelVerifier onAllCores() {
        return new ParallelVerifier(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** How many batches may wait or be checked at once (a caller sizes its batches by it). */
    public int batchesInFlight() {
        return inFlight;
    }

    /** Queues a batch (the list is the verifier's from now on); blocks while enough batches wait. */
    public void submit(List<Item> batch) {
        if (batch.isEmpty()) {
            return;
        }
        slots.acquireUninterruptibly();
        batches.add(workers.submit(() -> {
            try {
                return check(batch);
            } finally {
                slots.release();
            }
        }));
    }

    /**
     * Checks a batch an author at a time (an author's precomputed table then stays in the core's cache from one of
     * their signatures to the next), and reports the invalid ones in the batch's order.
     */
    private List<UUID> check(List<Item> batch) {
        // each item as (its author's number, its place), sorted: an author's items together, in their order
        Map<ByteBuffer, Integer> authors = new HashMap<>();
        long[] sorted = new long[batch.size()];
        for (int i = 0; i < sorted.length; i++) {
            byte[] key = batch.get(i).content().authorKey();
            int author = key == null ? 0 : authors.computeIfAbsent(ByteBuffer.wrap(key), k -> authors.size() + 1);
            sorted[i] = ((long) author << 32) | i;
        }
        Arrays.sort(sorted);
        int[] byAuthor = new int[sorted.length];
        for (int k = 0; k < sorted.length; k++) {
            byAuthor[k] = (int) sorted[k];
        }
        boolean[] invalid = new boolean[byAuthor.length];
        int good = 0;
        for (int from = 0; from < byAuthor.length; from += TOGETHER) {
            // a few hundred at a time, so that only their signed bytes exist at once
            int to = Math.min(byAuthor.length, from + TOGETHER);
            List<SignedContent> contents = new ArrayList<>(to - from);
            List<byte[]> signatures = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                contents.add(batch.get(byAuthor[k]).content());
                signatures.add(batch.get(byAuthor[k]).signature());
            }
            boolean[] valid = MessageSignatures.verifyAll(contents, signatures);
            for (int k = from; k < to; k++) {
                if (valid[k - from]) {
                    good++;
                } else {
                    invalid[byAuthor[k]] = true;
                }
            }
        }
        List<UUID> bad = new ArrayList<>(0);
        for (int i = 0; i < invalid.length; i++) {
            if (invalid[i]) {
                bad.add(batch.get(i).messageId());
            }
        }
        valid.addAndGet(good);
        checked.addAndGet(byAuthor.length);
        return bad;
    }

    /** Waits for every batch submitted so far and returns the totals. */
    public Outcome finish() {
        List<UUID> invalid = new ArrayList<>();
        for (Future<List<UUID>> f : batches) {
            try {
                invalid.addAll(f.get());
            } catch (ExecutionException e) {
                throw new MeshException(
                        ErrorCode.INTERNAL, "checking signatures failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MeshException(ErrorCode.CANCELLED, "checking signatures was stopped before it finished", e);
            }
        }
        batches.clear();
        Outcome outcome = new Outcome(checked.get(), valid.get(), List.copyOf(invalid));
        checked.set(0);
        valid.set(0);
        return outcome;
    }

    @Override
    public void close() {
        if (ownsWorkers) {
            workers.shutdownNow();
        } else {
            batches.forEach(f -> f.cancel(true));
        }
    }
}
