package dev.meshrooms.core.testing;

import dev.meshrooms.core.routing.DatabaseServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, separately installed PostgreSQL 15 server (Debian's {@code postgresql-15}), started by the test in a temp
 * directory on a free port with password authentication, and stopped with {@link #close()}. When the tests run as
 * root, the server runs as the {@code postgres} system user (PostgreSQL refuses root).
 */
public final class DebianPostgres implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "mesh_service";
    public static final String PASSWORD = "mesh-test-password";
    private final Path dataDir;
    private final int port;
    private boolean meshCreated;

    private DebianPostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static DebianPostgres start() throws IOException, InterruptedException {
        Path base = TempDirs.createIn(Path.of("/tmp"), "mesh-debian-pg");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path data = base.resolve("data");
        Path pw = base.resolve("pw");
        Files.writeString(pw, "superpass\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
        run(
                BIN.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--pwfile=" + pw,
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        run(
                BIN.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                base.resolve("log").toString(),
                "-w",
                "-o",
                "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=''",
                "start");
        DebianPostgres pg = new DebianPostgres(data, port);
        pg.psql("CREATE ROLE " + USER + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "'");
        pg.psql("CREATE DATABASE mesh OWNER " + USER);
        pg.meshCreated = true;
        return pg;
    }

    /** The Mesh service user on database {@code mesh}: not a superuser, like a managed PostgreSQL would give. */
    public DatabaseServer server() {
        return new DatabaseServer("jdbc:postgresql://127.0.0.1:" + port + "/mesh", USER, PASSWORD);
    }

    public int port() {
        return port;
    }

    /** Runs SQL as the superuser with Debian's psql, in database {@code mesh} (database {@code postgres} before it exists). */
    public String psql(String sql) throws IOException, InterruptedException {
        return psqlIn(meshCreated ? "mesh" : "postgres", sql);
    }

    public String psqlIn(String database, String sql) throws IOException, InterruptedException {
        return run(psqlAsSuperuser(database, "-Atc", sql), false);
    }

    /** Runs a SQL file as the superuser with Debian's psql ({@code psql -v ON_ERROR_STOP=1 -f file}), in database {@code mesh}. */
    public String psqlFile(Path file) throws IOException, InterruptedException {
        return run(psqlAsSuperuser("mesh", "-f", file.toString()), false);
    }

    /** Debian's psql as the superuser on this server, stopping at the first error, with {@code arguments} at the end. */
    private List<String> psqlAsSuperuser(String database, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(
                "env",
                "PGPASSWORD=superpass",
                "/usr/bin/psql",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-U",
                "postgres",
                "-d",
                database));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Dumps one schema of database {@code mesh} as the superuser with Debian's pg_dump, in plain form, to a file. */
    public void pgDump(String schema, Path file) throws IOException, InterruptedException {
        run(
                List.of(
                        "env",
                        "PGPASSWORD=superpass",
                        BIN.resolve("pg_dump").toString(),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port),
                        "-U",
                        "postgres",
                        "-d",
                        "mesh",
                        "--schema=" + schema,
                        "-f",
                        file.toString()),
                false);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), true);
    }

    private static String run(List<String> command, boolean asPostgresUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser && "root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed:\n" + output);
        }
        return output.trim();
    }
}
