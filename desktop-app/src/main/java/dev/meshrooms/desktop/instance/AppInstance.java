package dev.meshrooms.desktop.instance;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The desktop app that owns a data directory: it holds {@code desktop.lock} (an OS file lock, released even when the
 * process is killed) and, once it {@link #listen listens}, takes the files of later launches. Separate from the
 * runtime's {@code instance.lock}, which {@code mesh-lite serve} may hold while the app runs attached to it.
 */
public final class AppInstance implements AutoCloseable {
    private final DataDirectory dir;
    private final FileChannel channel;
    private final FileLock lock;
    private HandoffServer server;

    private AppInstance(DataDirectory dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** This process's claim on the directory, or empty when another desktop app runs on it. */
    public static Optional<AppInstance> tryAcquire(DataDirectory dir) {
        try {
            FileChannel channel = FileChannel.open(dir.desktopLockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new AppInstance(dir, channel, lock));
        } catch (IOException e) {
            throw new MeshException(ErrorCode.CONFIGURATION, "cannot lock " + dir.desktopLockFile() + ": " + e.getMessage()
                    + "; check that the data directory is writable", e);
        }
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
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway
        }
    }
}
