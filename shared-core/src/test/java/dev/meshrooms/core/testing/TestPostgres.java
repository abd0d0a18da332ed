package dev.meshrooms.core.testing;

import dev.meshrooms.core.routing.DatabaseServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL 15 per test JVM; each test gets a database of its own ({@link #newDatabase()}), which is
 * as isolated as a new server and costs milliseconds.
 */
public final class TestPostgres {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestPostgres() {}

    /**
     * The test server. Tests run it with {@code fsync} off (their data is thrown away); benchmarks set
     * {@value #DURABLE} so their figures are what users get: the settings Mesh-Lite's embedded database runs with
     * ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes} on). Both run with its {@code wal_level=minimal}.
     */
    public static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            boolean durable = durable();
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("unix_socket_directories", "")
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", durable ? "on" : "off")
                        .setServerConfig("synchronous_commit", durable ? "on" : "off")
                        .setServerConfig("full_page_writes", durable ? "on" : "off")
                        // as Mesh-Lite's embedded server: the WAL holds what crash recovery needs, no replication
                        .setServerConfig("wal_level", "minimal")
                        .setServerConfig("max_wal_senders", "0")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** The system property that gives the server production settings (the benchmarks set it). */
    public static final String DURABLE = "mesh.postgres.durable";

    /** Whether this JVM's server runs with production settings. */
    public static boolean durable() {
        return Boolean.parseBoolean(System.getProperty(DURABLE, "false"));
    }

    /** A fresh, empty database on the shared server, reached as the superuser {@code postgres}. */
    public static DatabaseServer newDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new DatabaseServer(server().getJdbcUrl("postgres", name), "postgres", null);
    }
}
