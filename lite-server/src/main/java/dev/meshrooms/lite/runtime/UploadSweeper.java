package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.io.DaemonThreads;
import dev.meshrooms.lite.http.upload.BundleSpool;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, every hour, files members uploaded but never sent with a message (a closed tab, a removed attachment)
 * once they are {@link #AGE} old: their rows and their objects; and pushed bundles' uploads idle longer than the push
 * bounds allow (their files and records). Safe on several servers at once (each row is removed by one of them).
 */
final class UploadSweeper implements AutoCloseable {
    static final Duration AGE = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);
    private final ScheduledExecutorService timer;

    UploadSweeper(MeshCore core, BundleSpool spool) {
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mesh-upload-sweeper"));
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        int removed = core.media().sweepUnsent(AGE);
                        if (removed > 0) {
                            LOG.info(
                                    "removed {} uploads never sent with a message (older than {} h)",
                                    removed,
                                    AGE.toHours());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("removing unsent uploads failed; the next run tries again: {}", e.getMessage());
                    }
                    try {
                        int expired = spool.sweep();
                        if (expired > 0) {
                            LOG.info("removed {} pushed bundles' uploads left idle", expired);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("removing idle bundle uploads failed; the next run tries again: {}", e.getMessage());
                    }
                },
                10,
                60,
                TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
