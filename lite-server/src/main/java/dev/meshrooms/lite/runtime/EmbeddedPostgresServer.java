package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.routing.DatabaseServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 15 (zonky's binaries) on 127.0.0.1 with its data under the data directory, kept across restarts. A
 * server left running by a killed process (its postmaster.pid still live) is stopped before a new start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        stopOrphan(dataDir);
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new EmbeddedPostgresServer(pg);
        } catch (IOException e) {
            throw new MeshException(ErrorCode.DATABASE_UNAVAILABLE, "the embedded PostgreSQL in " + dataDir
                    + " did not start: " + e.getMessage() + " (see " + dataDir + "/../logs or run with --data-dir elsewhere)", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public DatabaseServer server() {
        return server(port());
    }

    public static DatabaseServer server(int port) {
        return new DatabaseServer("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, USER, null);
    }

    /** Stops a postgres left behind by a process that was killed (postmaster.pid names a live process). */
    static void stopOrphan(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            orphan = lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return;
        }
        orphan.filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true))
                .ifPresent(p -> {
                    LOG.warn("stopping PostgreSQL (pid {}) left running on {} by a process that did not shut down", p.pid(), dataDir);
                    p.destroy();
                    try {
                        p.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("stopping the embedded PostgreSQL failed: {}", e.getMessage());
        }
    }
}
