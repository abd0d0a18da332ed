package dev.meshrooms.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The rows of {@code ./bench all}'s summary table: one line per measured round of a goal, appended to the file named
 * by {@code -Dbench.summary} (nothing when it is not set). {@code benchmarks/summary.py} reads them back: tab-separated
 * id, what, reference, goal ({@code <= 0.8}, {@code >= 200000}), value, and the absolute figures of that round.
 */
final class SummaryFile {
    static final String PROPERTY = "bench.summary";

    private SummaryFile() {}

    /** One round of a goal. */
    static void round(String id, String what, String reference, String goal, double value, String absolute) {
        append(String.join("\t", id, what, reference, goal, String.format(Locale.ROOT, "%.4f", value), absolute));
    }

    /** What the database of this benchmark ran with ({@code fsync=on, synchronous_commit=on, ...}). */
    static void database(String source, String settings) {
        append(String.join("\t", "@database", source, settings));
    }

    private static void append(String line) {
        String file = System.getProperty(PROPERTY, "");
        if (file.isBlank()) {
            return;
        }
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(
                    path,
                    line.replace("\n", " ") + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not add to the summary file " + file, e);
        }
    }

    /** The durability settings of the server behind {@code connection}, as {@code name=value, ...}. */
    static String settings(java.sql.Connection connection) throws java.sql.SQLException {
        StringBuilder out = new StringBuilder();
        try (var st = connection.createStatement();
                var rs = st.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN ('fsync',"
                        + " 'synchronous_commit', 'full_page_writes', 'wal_level') ORDER BY name")) {
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : ", ")
                        .append(rs.getString(1))
                        .append('=')
                        .append(rs.getString(2));
            }
        }
        return out.toString();
    }
}
