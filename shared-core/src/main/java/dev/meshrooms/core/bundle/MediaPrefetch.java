package dev.meshrooms.core.bundle;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.model.MediaItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Reads an export's media from the store ahead of the archive, in parallel and bounded: objects up to {@link #SMALL}
 * bytes are fetched (and their SHA-256 checked) by {@code threads} workers into memory, at most {@code maxBuffered}
 * bytes at once, in the order the archive needs them; larger objects are left to stream straight from the store when
 * their turn comes. {@link #take} hands them out in list order, so the archive stays deterministic.
 */
final class MediaPrefetch implements AutoCloseable {
    static final int SMALL = 8 << 20;
    private final MediaStore store;
    private final String bucket;
    private final Function<MediaItem, String> keyOf;
    private final List<MediaItem> items;
    private final ExecutorService workers;
    private final Thread dispatcher;
    private final Semaphore buffered;
    private final CompletableFuture<Fetched>[] fetched;

    @SuppressWarnings("unchecked")
    MediaPrefetch(
            MediaStore store,
            String bucket,
            Function<MediaItem, String> keyOf,
            List<MediaItem> items,
            int threads,
            int maxBuffered) {
        if (maxBuffered < SMALL) {
            throw new IllegalArgumentException("maxBuffered must hold one small object: at least " + SMALL);
        }
        this.store = store;
        this.bucket = bucket;
        this.keyOf = keyOf;
        this.items = items;
        this.buffered = new Semaphore(maxBuffered);
        this.fetched = new CompletableFuture[items.size()];
        Arrays.setAll(fetched, i -> new CompletableFuture<>());
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mesh-export-fetch");
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Thread(this::dispatch, "mesh-export-prefetch");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    private void dispatch() {
        try {
            for (int i = 0; i < items.size(); i++) {
                MediaItem item = items.get(i);
                CompletableFuture<Fetched> slot = fetched[i];
                if (item.size() > SMALL) {
                    slot.complete(new Fetched(null));
                    continue;
                }
                buffered.acquire(permits(item));
                workers.execute(() -> {
                    try {
                        slot.complete(new Fetched(fetch(item)));
                    } catch (RuntimeException e) {
                        slot.completeExceptionally(e);
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        } catch (RuntimeException e) {
            for (CompletableFuture<Fetched> f : fetched) {
                f.completeExceptionally(e); // no-op on those already done
            }
        }
    }

    private byte[] fetch(MediaItem item) {
        String key = keyOf.apply(item);
        // read into an array of the recorded size (readNBytes(int) would gather 8 KiB chunks and copy them once more)
        byte[] bytes = new byte[(int) item.size()];
        int read;
        boolean longer;
        try (InputStream in = store.open(bucket, key)) {
            read = in.readNBytes(bytes, 0, bytes.length);
            longer = read == bytes.length && in.read() >= 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (read != item.size() || longer) {
            throw StoredMediaCheck.otherSize(item, read, longer);
        }
        MessageDigest sha = Hashing.sha256();
        if (!Arrays.equals(sha.digest(bytes), item.sha256())) {
            throw StoredMediaCheck.otherHash(item);
        }
        return bytes;
    }

    /**
     * The bytes of item {@code index} (checked against its size and SHA-256), or null for a large object the caller
     * streams from the store itself. Call {@link #release} once they are written.
     */
    byte[] take(int index) {
        try {
            Fetched f = fetched[index].get();
            byte[] bytes = f.bytes;
            f.bytes = null; // the bytes must not outlive their entry in the archive (the futures stay)
            return bytes;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MeshException mesh) {
                throw mesh;
            }
            throw new MeshException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "media " + items.get(index).objectKey() + " could not be read from the store: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "interrupted while exporting media");
        }
    }

    /** Frees the buffer budget of item {@code index} (after {@link #take} returned its bytes). */
    void release(int index) {
        MediaItem item = items.get(index);
        if (item.size() <= SMALL) {
            buffered.release(permits(item));
        }
    }

    private static int permits(MediaItem item) {
        return (int) Math.max(1, item.size());
    }

    /** The bytes of one object until the archive took them. */
    private static final class Fetched {
        private byte[] bytes;

        Fetched(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    @Override
    public void close() {
        dispatcher.interrupt();
        workers.shutdownNow();
    }
}
