package dev.meshrooms.desktop.instance;

import dev.meshrooms.lite.runtime.DataDirectory;
import dev.meshrooms.lite.runtime.FileClaim;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The desktop app that owns a data directory: it holds {@code desktop.lock} (an OS file lock, released even when the
 * process is killed) and, once it {@link #listen listens}, takes the files of later launches. Separate from the
 * runtime's {@code instance.lock}, which {@code mesh-lite serve} may hold while the app runs attached to it.
 */
public final class AppInstance implements AutoCloseable {
    private final DataDirectory dir;
    private final FileClaim claim;
    private HandoffServer server;

    private AppInstance(DataDirectory dir, FileClaim claim) {
        this.dir = dir;
        this.claim = claim;
    }

    /** This process's claim on the directory, or empty when another desktop app runs on it. */
    public static Optional<AppInstance> tryAcquire(DataDirectory dir) {
        return FileClaim.tryClaim(dir.desktopLockFile()).map(claim -> new AppInstance(dir, claim));
    }

    public DataDirectory dataDir() {
        return dir;
    }

    /** Starts taking later launches' files; {@code receiver} runs on the hand-off thread. */
    public synchronized void listen(Consumer<Handoff> receiver) {
        if (server == null) {
            server = HandoffServer.start(dir, receiver);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        claim.close();
    }
}
