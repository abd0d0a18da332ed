package dev.meshrooms.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Temp directories for what outlives one test method (servers, fixtures, shared bundles): removed when the test JVM
 * exits, so test runs do not pile data directories up in /tmp. A PostgreSQL server still running in one (its
 * {@code postmaster.pid} names a live process) is waited for a while, then its directory is left alone: deleting a
 * running server's data directory would stop {@code pg_ctl stop} from finding it.
 */
public final class TempDirs {
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();
    private static final long WAIT_FOR_SERVERS_MS = 15_000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "test-temp-dirs-cleanup"));
    }

    private TempDirs() {}

    /** A new directory under the system temp directory, deleted at JVM exit. */
    public static Path create(String prefix) {
        return createIn(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }

    /** A new directory under {@code parent}, deleted at JVM exit. */
    public static Path createIn(Path parent, String prefix) {
        try {
            return register(Files.createTempDirectory(parent, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path register(Path dir) {
        CREATED.add(dir);
        return dir;
    }

    private static void deleteAll() {
        long deadline = System.currentTimeMillis() + WAIT_FOR_SERVERS_MS;
        for (Path dir : CREATED) {
            while (runningServerIn(dir) && System.currentTimeMillis() < deadline) {
                sleep();
            }
            if (!runningServerIn(dir)) {
                deleteTree(dir);
            }
        }
    }

    private static boolean runningServerIn(Path dir) {
        try (Stream<Path> files =
                Files.find(dir, 4, (p, a) -> p.getFileName().toString().equals("postmaster.pid"))) {
            return files.map(TempDirs::pidIn)
                    .flatMap(Optional::stream)
                    .anyMatch(pid ->
                            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static Optional<Long> pidIn(Path pidFile) {
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst()
                    .map(String::trim)
                    .filter(s -> s.matches("\\d+"))
                    .map(Long::parseLong);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static void deleteTree(Path dir) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // best effort: a file another user owns (Debian's PostgreSQL as 'postgres') may refuse; root removes it
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
