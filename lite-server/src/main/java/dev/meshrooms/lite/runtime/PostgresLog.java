package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's own output ({@code initdb}, {@code pg_ctl} and the server's messages: warnings, errors,
 * why it did not start), in {@code logs/postgres.log} of the data directory, mode 600. Two files at most, each about
 * {@value #ROTATE_BYTES} bytes: at each start, and while the server runs ({@link #trim}), a log over that is copied to
 * {@code postgres.log.1} and emptied (the server appends, so it goes on at the new end; what it writes between the copy
 * and the emptying is lost, as with logrotate's {@code copytruncate}). Anyone who can reach the
 * port can make the server log a line (a refused login), so the log must not grow with them.
 */
final class PostgresLog {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresLog.class);
    static final long ROTATE_BYTES = 10L * 1024 * 1024;
    private static final int TAIL_BYTES = 2048;
    private final Path file;
    private final long startedAt;

    private PostgresLog(Path file, long startedAt) {
        this.file = file;
        this.startedAt = startedAt;
    }

    /** The log at {@code file}, made ready to be appended to by the server's processes. */
    static PostgresLog open(Path file) {
        PrivateFiles.directory(file.toAbsolutePath().getParent());
        try {
            PrivateFiles.file(file);
            trim(file);
            return new PostgresLog(file, Files.size(file));
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "cannot write PostgreSQL's log " + file + ": " + e.getMessage()
                            + "; check that the data directory is writable",
                    e);
        }
    }

    Path file() {
        return file;
    }

    /** Over {@value #ROTATE_BYTES} bytes: copied to {@code postgres.log.1} (mode 600) and emptied in place. */
    void trim() {
        trim(file);
    }

    private static void trim(Path file) {
        try {
            if (Files.size(file) <= ROTATE_BYTES) {
                return;
            }
            Path older = older(file);
            Files.deleteIfExists(older);
            try (FileChannel log = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileChannel copy = FileChannel.open(PrivateFiles.file(older), StandardOpenOption.WRITE)) {
                long size = log.size();
                for (long done = 0; done < size; ) {
                    done += log.transferTo(done, size - done, copy);
                }
                log.truncate(0);
            }
        } catch (IOException e) {
            LOG.warn("PostgreSQL's log {} could not be trimmed: {}", file, e.getMessage());
        }
    }

    private static Path older(Path file) {
        return file.resolveSibling(file.getFileName() + ".1");
    }

    /**
     * The last lines written since this log was opened, at most {@code lines} of them (none if the log cannot be read):
     * what this start said, never an earlier one.
     */
    List<String> tail(int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long begin = in.length() < startedAt ? 0 : startedAt; // emptied meanwhile: all of it is this run's
            long from = Math.max(begin, in.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            List<String> all = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            // the first line of a window that starts mid-file may be a fragment
            List<String> whole = from > begin && !all.isEmpty() ? all.subList(1, all.size()) : all;
            return whole.subList(Math.max(0, whole.size() - lines), whole.size());
        } catch (IOException e) {
            return List.of();
        }
    }
}
