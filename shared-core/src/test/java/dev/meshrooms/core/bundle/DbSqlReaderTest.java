package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.testing.ByteSearch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("db.sql reader: rows as they were written, whatever the reads; lines bounded")
class DbSqlReaderTest {
    private static final int SCHEMA_VERSION = 2;
    private static final List<String> COLUMNS = RoomTables.columns(RoomTables.MESSAGES, SCHEMA_VERSION);

    @Test
    @DisplayName("rows of every length arrive byte for byte, read a few bytes or a whole chunk at a time")
    void rowsAcrossReads() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // short rows, rows around the reader's 64 KiB chunk, and longer ones; some not ASCII
            int length = switch (i % 3) {
                case 0 -> random.nextInt(40);
                case 1 -> (1 << 16) - 20 + random.nextInt(40);
                default -> random.nextInt(200_000);
            };
            rows.add(row(i, "é".repeat(i % 7) + "x".repeat(length)));
        }
        byte[] dbSql = dbSql(rows);
        for (int maxRead : new int[] {1, 7, 1 << 16, Integer.MAX_VALUE}) {
            List<String> read = new ArrayList<>();
            DbSqlReader.Stats stats = DbSqlReader.read(
                    new ChoppyStream(dbSql, maxRead, new SplittableRandom(maxRead)),
                    1 << 20,
                    SCHEMA_VERSION,
                    into(read));
            assertThat(stats.messageRows()).isEqualTo(rows.size());
            assertThat(read).as("reads of at most %d bytes", maxRead).isEqualTo(rows);
        }
    }

    @Test
    @DisplayName("a line of the limit's length is read, one byte more is refused, saying which line (limits below and"
            + " above the reader's first buffer)")
    void lineLimit() throws IOException {
        for (int max : new int[] {300, 100_000}) {
            String fits = row(1, "x".repeat(max - row(1, "").length()));
            List<String> read = new ArrayList<>();
            DbSqlReader.read(new ByteArrayInputStream(dbSql(List.of(fits))), max, SCHEMA_VERSION, into(read));
            assertThat(read).containsExactly(fits);

            String tooLong = row(2, "x".repeat(max + 1 - row(2, "").length()));
            assertThatThrownBy(() -> DbSqlReader.read(
                            new ByteArrayInputStream(dbSql(List.of(fits, tooLong))), max, SCHEMA_VERSION, into(read)))
                    .hasMessageContaining("line 5 is longer than " + max + " bytes");
        }
    }

    @Test
    @DisplayName("a row that is not UTF-8 is refused with its line")
    void notUtf8() {
        byte[] dbSql = dbSql(List.of(row(1, "ok"), row(2, "bad")));
        int bad = ByteSearch.indexOf(dbSql, "bad".getBytes(StandardCharsets.US_ASCII));
        dbSql[bad] = (byte) 0xC0; // an overlong lead byte
        assertThatThrownBy(() -> DbSqlReader.read(
                        new ByteArrayInputStream(dbSql), 1 << 20, SCHEMA_VERSION, into(new ArrayList<>())))
                .hasMessageContaining("line 5 (COPY messages, row 2): is not valid UTF-8");
    }

    /** A row of the messages table with {@code body} in its body column and placeholders elsewhere. */
    private static String row(int n, String body) {
        List<String> fields = new ArrayList<>();
        for (String column : COLUMNS) {
            fields.add(column.equals("body") ? body : column + n);
        }
        return String.join("\t", fields);
    }

    private static byte[] dbSql(List<String> rows) {
        StringBuilder sql =
                new StringBuilder("-- a test\n\nCOPY messages (" + String.join(", ", COLUMNS) + ") FROM stdin;\n");
        for (String row : rows) {
            sql.append(row).append('\n');
        }
        return sql.append("\\.\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static DbSqlReader.CopyTarget into(List<String> rows) {
        return (table, columns) -> new DbSqlReader.RowSink() {
            @Override
            public void row(byte[] line, int length) {
                rows.add(new String(line, 0, length, StandardCharsets.UTF_8));
            }

            @Override
            public void end() {}
        };
    }

    /** Returns at most {@code maxRead} bytes a call, a random number of them. */
    private static final class ChoppyStream extends InputStream {
        private final byte[] bytes;
        private final int maxRead;
        private final SplittableRandom random;
        private int position;

        ChoppyStream(byte[] bytes, int maxRead, SplittableRandom random) {
            this.bytes = bytes;
            this.maxRead = maxRead;
            this.random = random;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, bytes.length - position), 1 + random.nextInt(Math.min(maxRead, 1 << 20)));
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
