package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Properties;

/**
 * Decides which process owns a data directory's embedded services. The owner holds an OS file lock (released even
 * when the process is killed) and publishes its ports in {@code instance.properties}; any other process on the same
 * directory (a CLI command while the server runs) attaches to those services instead of starting its own.
 */
public final class InstanceLock implements AutoCloseable {
    private final DataDirectory dir;
    private final FileClaim claim;

    private InstanceLock(DataDirectory dir, FileClaim claim) {
        this.dir = dir;
        this.claim = claim;
    }

    /** The lock if no other live process holds it. */
    public static Optional<InstanceLock> tryAcquire(DataDirectory dir) {
        return FileClaim.tryClaim(dir.lockFile()).map(claim -> new InstanceLock(dir, claim));
    }

    /** Publishes where this owner's services listen. */
    public void publish(InstanceInfo info) {
        Properties p = info.toProperties();
        try (Writer w = Files.newBufferedWriter(dir.instanceFile())) {
            p.store(w, "written by the process that owns this data directory's embedded services");
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "cannot write " + dir.instanceFile() + ": " + e.getMessage(), e);
        }
    }

    /** What the current owner published (read by processes that did not get the lock). */
    public static InstanceInfo readPublished(DataDirectory dir) {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (Files.exists(dir.instanceFile())) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(dir.instanceFile())) {
                    p.load(r);
                } catch (IOException e) {
                    throw new MeshException(ErrorCode.CONFIGURATION, "cannot read " + dir.instanceFile(), e);
                }
                InstanceInfo info = InstanceInfo.fromProperties(p);
                if (ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    return info;
                }
            }
            sleep();
        }
        throw new MeshException(
                ErrorCode.CONFIGURATION,
                "another process holds " + dir.lockFile() + " but has not published its services in "
                        + dir.instanceFile() + "; wait for it to start or stop it");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "interrupted while waiting for the data directory's owner");
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir.instanceFile());
        } catch (IOException ignored) {
            // the next owner overwrites it
        } finally {
            claim.close();
        }
    }
}
