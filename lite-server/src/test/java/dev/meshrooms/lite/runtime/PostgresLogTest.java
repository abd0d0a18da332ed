package dev.meshrooms.lite.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("PostgreSQL's log: private, two files at most, its last lines at hand")
class PostgresLogTest {

    @Test
    @DisplayName(
            "a start that finds the log over 10 MB moves it to postgres.log.1 (replacing the older) and begins anew")
    void rotatesAtStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs").resolve("postgres.log");
        PostgresLog.open(file);
        Files.writeString(file, "first run\n");
        Files.writeString(file.resolveSibling("postgres.log.1"), "older\n");
        PostgresLog.open(file);
        assertThat(Files.readString(file)).as("under the limit: appended to").isEqualTo("first run\n");

        try (RandomAccessFile grown = new RandomAccessFile(file.toFile(), "rw")) {
            grown.setLength(PostgresLog.ROTATE_BYTES + 1);
        }
        PostgresLog.open(file);
        assertThat(Files.size(file)).isZero();
        assertThat(Files.size(file.resolveSibling("postgres.log.1"))).isEqualTo(PostgresLog.ROTATE_BYTES + 1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    @DisplayName("while the server runs, a log over 10 MB is copied to postgres.log.1 and emptied; appends go on")
    void trimsWhileRunning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("postgres.log");
        PostgresLog log = PostgresLog.open(file);
        log.trim();
        assertThat(file.resolveSibling("postgres.log.1"))
                .as("under the limit: left alone")
                .doesNotExist();
        try (FileChannel server = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            server.write(ByteBuffer.allocate((int) PostgresLog.ROTATE_BYTES + 1));
            log.trim();
            assertThat(Files.size(file)).isZero();
            assertThat(Files.size(file.resolveSibling("postgres.log.1"))).isEqualTo(PostgresLog.ROTATE_BYTES + 1);
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(file.resolveSibling("postgres.log.1"))))
                    .isEqualTo("rw-------");
            server.write(ByteBuffer.wrap("FATAL:  after the trim\n".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(Files.readString(file))
                .as("the appending writer goes on at the start")
                .isEqualTo("FATAL:  after the trim\n");
        assertThat(log.tail(5)).containsExactly("FATAL:  after the trim");
    }

    @Test
    @DisplayName("a start's tail holds only what was written since it opened the log, never an earlier run's lines")
    void tailOfThisStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("postgres.log");
        Files.writeString(file, "LOG:  database system is shut down\n");
        PostgresLog log = PostgresLog.open(file);
        assertThat(log.tail(5)).isEmpty();
        Files.writeString(file, "FATAL:  this start\n", StandardOpenOption.APPEND);
        assertThat(log.tail(5)).containsExactly("FATAL:  this start");
    }

    @Test
    @DisplayName("its tail is the last whole lines, without blank ones or a line cut by the window it reads")
    void tail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("postgres.log");
        PostgresLog log = PostgresLog.open(file);
        assertThat(log.tail(5)).isEmpty();
        Files.writeString(file, "x".repeat(5000) + "\nLOG:  one\n\nFATAL:  two\nthree\n");
        assertThat(log.tail(2)).containsExactly("FATAL:  two", "three");
        assertThat(log.tail(10)).containsExactly("LOG:  one", "FATAL:  two", "three");
    }
}
