package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.routing.DatabaseServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 15 (zonky's binaries) on 127.0.0.1 with its data under the data directory, kept across restarts, with
 * the settings of a database that holds people's history rather than a test's:
 * <ul>
 * <li><b>private</b>: every connection authenticates with a password (SCRAM-SHA-256); the passwords live in the data
 *     directory (mode 600) and {@code pg_hba.conf} allows nothing else ({@link ClusterSecurity});</li>
 * <li><b>not a superuser</b>: Mesh-Lite connects as the role {@value #APP_USER} (LOGIN, CREATEROLE for rooms' shard
 *     roles, owner of what it made); the superuser {@code postgres} is used only to start and check the server;</li>
 * <li><b>durable</b>: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on (zonky starts test
 *     clusters with {@code -F} and {@code synchronous_commit=off}; both are overridden here). With
 *     {@code MESH_DB_DURABLE=false} only {@code synchronous_commit} goes off. {@code wal_level=minimal}: the WAL
 *     holds what crash recovery needs and no more (nothing replicates from a Mesh-Lite; its backups are bundles and
 *     {@code pg_dump}), so a table filled in the transaction that made it is written once;</li>
 * <li><b>binaries of this user's</b>: unpacked into a folder only this user can write (the user's cache, mode 700,
 *     checked before use), never the shared temporary folder where another user could plant a {@code postgres}.</li>
 * </ul>
 * What PostgreSQL itself says goes to {@link PostgresLog} ({@code logs/postgres.log}, trimmed every half minute
 * while the server runs), and the last of it into the sentence of a start that failed. Its port is held by this
 * process from the moment it is chosen until the server is about to take it, so nothing started alongside (the S3
 * store, a web server) can take it meanwhile. A server left
 * running by a killed process (its postmaster.pid still live) is stopped before a new start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String SUPERUSER = "postgres";
    public static final String APP_USER = "mesh";
    public static final String DATABASE = "postgres";
    private static final Duration TRIM_EVERY = Duration.ofSeconds(30);
    private final EmbeddedPostgres postgres;
    private final String appPassword;
    private final ScheduledExecutorService logTrimmer;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String appPassword, PostgresLog log) {
        this.postgres = postgres;
        this.appPassword = appPassword;
        this.logTrimmer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "postgres-log-trim");
            t.setDaemon(true);
            return t;
        });
        logTrimmer.scheduleWithFixedDelay(log::trim, TRIM_EVERY.toSeconds(), TRIM_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * @param dataDir  the cluster's folder (created with mode 700)
     * @param logFile  where PostgreSQL's own output goes ({@link PostgresLog})
     * @param binaries where the PostgreSQL binaries are unpacked: a folder of this user's, mode 700, refused if another
     *                 user owns it or could write to it
     * @param secrets  the passwords (made on the first start)
     * @param durable  false: {@code synchronous_commit=off} (the last moment of acknowledged writes may be lost in a crash)
     */
    public static EmbeddedPostgresServer start(
            Path dataDir, Path logFile, Path binaries, DatabaseSecrets secrets, boolean durable) {
        stopOrphan(dataDir);
        // the private folder is what keeps others out: zonky makes its own working folder inside writable for all
        PrivateFiles.directory(binaries);
        PrivateFiles.requireTrusted(binaries, "the PostgreSQL binaries folder");
        Path unpacked = binaries.resolve("unpacked");
        PrivateFiles.directory(dataDir);
        ClusterSecurity security = new ClusterSecurity(unpacked, secrets);
        PostgresLog log = PostgresLog.open(logFile);
        ProcessBuilder.Redirect toLog =
                ProcessBuilder.Redirect.appendTo(log.file().toFile());
        try (ServerSocket port = reservePort()) {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPort(port.getLocalPort())
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .setOverrideWorkingDirectory(unpacked.toFile())
                    .setPgBinaryResolver(ClusterSecurity.resolver(unpacked))
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    // crash-safe as ever, but no replication: bulk loads into tables made in their own transaction
                    // (an import's shard, index builds) are written once, to the table, not to the WAL as well
                    .setServerConfig("wal_level", "minimal")
                    .setServerConfig("max_wal_senders", "0")
                    .setConnectConfig("password", secrets.superuserPassword())
                    .setDataDirectoryCustomizer(dir -> {
                        security.secure(dir);
                        release(port); // the next step starts the server on it
                    })
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new EmbeddedPostgresServer(pg, secrets.appPassword(), log);
        } catch (IOException | RuntimeException e) {
            if (e instanceof MeshException mesh) {
                throw mesh;
            }
            String cause = e.getCause() == null || e.getCause().getMessage() == null
                    ? ""
                    : " (" + e.getCause().getMessage() + ")";
            List<String> said = log.tail(5);
            throw new MeshException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "the embedded PostgreSQL in " + dataDir + " did not start: " + e.getMessage() + cause
                            + (said.isEmpty()
                                    ? ""
                                    : "; it said last: "
                                            + String.join(" | ", said).replaceAll("\\.$", ""))
                            + ". See " + log.file() + ", or run with --data-dir elsewhere",
                    e);
        }
    }

    /** A free port on 127.0.0.1 (where the server listens), held (listening, accepting nobody) until {@link #release}. */
    private static ServerSocket reservePort() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 1);
        return socket;
    }

    private static void release(ServerSocket port) {
        try {
            port.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public DatabaseServer server() {
        return server(port(), appPassword);
    }

    /** The embedded server on {@code port} as Mesh-Lite connects to it: as {@value #APP_USER}, with its password. */
    public static DatabaseServer server(int port, String appPassword) {
        return new DatabaseServer("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, APP_USER, appPassword);
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
            orphan = lines.isEmpty()
                    ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return;
        }
        orphan.filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("postgres") || c.endsWith("postgres.exe"))
                        .orElse(true))
                .ifPresent(p -> {
                    LOG.warn(
                            "stopping PostgreSQL (pid {}) left running on {} by a process that did not shut down",
                            p.pid(),
                            dataDir);
                    p.destroy();
                    try {
                        p.onExit().get(20, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
    }

    @Override
    public void close() {
        logTrimmer.shutdownNow();
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("stopping the embedded PostgreSQL failed: {}", e.getMessage());
        }
    }
}
