package dev.meshrooms.desktop.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's one background executor: daemon threads named {@code mesh-desktop-N}; every failure is logged, and
 * results and failures come back on the JavaFX thread.
 */
public final class BackgroundExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundExecutor.class);
    private final ExecutorService pool;

    public BackgroundExecutor() {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mesh-desktop-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} in the background; {@code onDone} or {@code onFailure} then run on the JavaFX thread. */
    public <T> void run(String what, Callable<T> work, Consumer<T> onDone, Consumer<Throwable> onFailure) {
        pool.execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable e) {
                LOG.warn("{} failed: {}", what, e.toString(), e);
                Platform.runLater(() -> onFailure.accept(e));
                return;
            }
            Platform.runLater(() -> onDone.accept(result));
        });
    }

    /** Runs {@code work} in the background, logging a failure. */
    public void run(String what, Runnable work) {
        pool.execute(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                LOG.warn("{} failed: {}", what, e.toString(), e);
            }
        });
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
