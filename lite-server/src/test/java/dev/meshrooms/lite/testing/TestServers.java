package dev.meshrooms.lite.testing;

import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.DataDirectory;
import dev.meshrooms.lite.runtime.InstanceLock;
import dev.meshrooms.lite.runtime.LiteServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a real Mesh-Lite (embedded PostgreSQL and S3 store) on a fresh data directory and a free port. */
public final class TestServers {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789-abcdefgh";

    private TestServers() {}

    public static Path newDataDir() {
        return TempDirs.create("mesh-lite-test");
    }

    public static LiteServer start(boolean demo) {
        return start(newDataDir(), Map.of(), demo);
    }

    public static LiteServer start(Path dataDir, Map<String, String> extraEnv, boolean demo) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent(Environment.ADMIN_TOKEN, ADMIN_TOKEN);
        return LiteServer.start(LiteSettings.from(env, dataDir, 0), demo);
    }

    /** A server on a given port (0: a free one), e.g. the same again after a restart. */
    public static LiteServer start(Path dataDir, Map<String, String> extraEnv, int port) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent(Environment.ADMIN_TOKEN, ADMIN_TOKEN);
        return LiteServer.start(LiteSettings.from(env, dataDir, port), false);
    }

    /** Waits for a server started in a child JVM on {@code dir} to publish its HTTP port; fails if the child dies. */
    public static int awaitChildPort(Path dir, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            org.assertj.core.api.Assertions.assertThat(child.isAlive())
                    .as("the child server died; see child-*.log in " + dir)
                    .isTrue();
            try {
                int port = InstanceLock.readPublished(new DataDirectory(dir)).httpPort();
                if (port > 0) {
                    return port;
                }
            } catch (RuntimeException notYet) {
                // not published yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the child server never published its HTTP port");
    }

    /**
     * Waits for a server started in a child JVM with its output in {@code log} to say where it listens (a server on
     * external services publishes no ports in its data directory); fails if the child dies.
     */
    public static String awaitChildUrl(Path log, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String marker = "Mesh-Lite is running at ";
        while (System.nanoTime() < deadline) {
            org.assertj.core.api.Assertions.assertThat(child.isAlive())
                    .as("the child server died; see " + log)
                    .isTrue();
            if (java.nio.file.Files.exists(log)) {
                for (String line : java.nio.file.Files.readAllLines(log)) {
                    int at = line.indexOf(marker);
                    if (at >= 0) {
                        return line.substring(at + marker.length()).strip().replace("localhost", "127.0.0.1");
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the child server never said where it listens; see " + log);
    }
}
