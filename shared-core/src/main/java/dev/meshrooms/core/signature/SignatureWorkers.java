package dev.meshrooms.core.signature;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The instance's one pool for checking signatures in bulk (a room's verification): as many threads as cores, shared
 * by every check, so however many are asked for at once they never take more than the machine's cores between them.
 * Each check queues at most a few batches of its own ({@link ParallelVerifier}).
 */
public final class SignatureWorkers implements AutoCloseable {
    public static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ThreadPoolExecutor executor =
            new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "mesh-signature-check");
                t.setDaemon(true);
                return t;
            });

    public SignatureWorkers() {
        executor.allowCoreThreadTimeOut(true);
    }

    public ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
