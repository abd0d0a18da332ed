package dev.meshrooms.core.bundle;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Uploads an import's media in parallel, bounded: small files are read into memory (at most {@code maxBuffered}
 * bytes at once) and uploaded by {@code threads} workers while the archive goes on; large files stream directly.
 * {@link #await()} waits for every upload and rethrows the first failure. A buffered upload the store failed
 * (a dropped connection: the SDK cannot replay the one-shot stream) is sent again from memory, up to
 * {@link #ATTEMPTS} times in all.
 */
final class MediaUploads implements AutoCloseable {
    static final int SMALL = 8 << 20;
    static final int ATTEMPTS = 5;
    private final MediaStore store;
    private final String bucket;
    private final ExecutorService workers;
    private final Semaphore buffered;
    private final List<Future<?>> pending = new ArrayList<>();

    MediaUploads(MediaStore store, String bucket, int threads, int maxBuffered) {
        this.store = store;
        this.bucket = bucket;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mesh-import-upload");
            t.setDaemon(true);
            return t;
        });
        this.buffered = new Semaphore(maxBuffered);
    }

    void upload(String key, InputStream content, long size, String contentType) {
        if (size > SMALL) {
            store.put(bucket, key, content, size, contentType);
            return;
        }
        int permits = (int) Math.max(1, size);
        buffered.acquireUninterruptibly(permits);
        byte[] bytes;
        try {
            // straight into an array of the entry's size: readNBytes(int) gathers chunks and copies them once more
            byte[] read = new byte[(int) size];
            int length = content.readNBytes(read, 0, read.length);
            bytes = length == read.length ? read : Arrays.copyOf(read, length);
        } catch (IOException e) {
            buffered.release(permits);
            throw new UncheckedIOException(e);
        }
        pending.add(workers.submit(() -> {
            try {
                putBuffered(key, bytes, contentType);
            } finally {
                buffered.release(permits);
            }
        }));
    }

    private void putBuffered(String key, byte[] bytes, String contentType) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.put(bucket, key, new ByteArrayInputStream(bytes), bytes.length, contentType);
                return;
            } catch (MeshException e) {
                if (e.code() != ErrorCode.STORE_UNAVAILABLE || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Waits for every upload; throws the first failure. */
    void await() {
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof MeshException mesh) {
                    throw mesh;
                }
                throw new MeshException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "uploading media failed: " + e.getCause().getMessage(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MeshException(ErrorCode.INTERNAL, "interrupted while uploading media");
            }
        }
        pending.clear();
    }

    /** Lets uploads under way finish (so a clean-up after a failure sees every object), then stops the workers. */
    @Override
    public void close() {
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException | InterruptedException ignored) {
                // failing anyway; the clean-up follows
            }
        }
        workers.shutdownNow();
    }
}
