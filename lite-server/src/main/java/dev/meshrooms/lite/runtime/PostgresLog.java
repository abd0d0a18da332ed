package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded PostgreSQL's own output ({@code initdb}, {@code pg_ctl} and the server's messages: warnings, errors,
 * why it did not start), in {@code logs/postgres.log} of the data directory: mode 600, and moved aside to
 * {@code postgres.log.1} at a start that finds it over {@value #ROTATE_BYTES} bytes, so two files at most.
 */
final class PostgresLog {
    static final long ROTATE_BYTES = 10L * 1024 * 1024;
    private static final int TAIL_BYTES = 2048;
    private final Path file;

    private PostgresLog(Path file) {
        this.file = file;
    }

    /** The log at {@code file}, made ready to be appended to by the server's processes. */
    static PostgresLog open(Path file) {
        PrivateFiles.directory(file.toAbsolutePath().getParent());
        try {
            if (Files.exists(file) && Files.size(file) > ROTATE_BYTES) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            PrivateFiles.file(file);
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "cannot write PostgreSQL's log " + file + ": " + e.getMessage()
                            + "; check that the data directory is writable",
                    e);
        }
        return new PostgresLog(file);
    }

    Path file() {
        return file;
    }

    /** The last few lines written, at most {@code lines} of them (none if the log cannot be read). */
    List<String> tail(int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, in.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            List<String> all = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            // the first line of a tail cut mid-file may be a fragment
            List<String> whole = from > 0 && !all.isEmpty() ? all.subList(1, all.size()) : all;
            return whole.subList(Math.max(0, whole.size() - lines), whole.size());
        } catch (IOException e) {
            return List.of();
        }
    }
}
