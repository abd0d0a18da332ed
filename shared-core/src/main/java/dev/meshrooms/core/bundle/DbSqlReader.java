package dev.meshrooms.core.bundle;

import dev.meshrooms.core.io.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code db.sql} without ever executing it. Only the data of {@code COPY <schema>.messages|media (<known
 * columns>) FROM stdin;} blocks is taken, row by row, each checked for its field count and UTF-8. Other COPY blocks
 * (e.g. Flyway's history) are skipped. Statements pg_dump writes for a schema (SET, CREATE TABLE, ALTER TABLE, GRANT,
 * ...) are recognised and ignored; anything else — DROP, ALTER ROLE, COPY ... FROM PROGRAM, functions, psql shell
 * commands, a second statement behind an allowed one — refuses the bundle.
 */
final class DbSqlReader {
    private static final Pattern COPY = Pattern.compile(
            "COPY\\s+(?:\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\.)?\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s*\\(([^)]*)\\)\\s+FROM\\s+stdin;",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ALLOWED = Pattern.compile(
            "(SET\\s|SELECT\\s+pg_catalog\\.(set_config|setval)\\s*\\("
                    + "|CREATE\\s+(SCHEMA|TABLE|(UNIQUE\\s+)?INDEX|SEQUENCE)\\s|ALTER\\s+(TABLE|SCHEMA|SEQUENCE|INDEX)\\s"
                    + "|ALTER\\s+DEFAULT\\s+PRIVILEGES\\s|COMMENT\\s+ON\\s|GRANT\\s|REVOKE\\s).*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern META_ALLOWED = Pattern.compile("\\\\(restrict|unrestrict)\\s+[A-Za-z0-9]+\\s*");
    private static final byte[] END_OF_DATA = {'\\', '.'};

    /** Where the rows of one known table go. */
    interface RowSink {
        void row(byte[] line, int length);

        void end();
    }

    interface CopyTarget {
        RowSink open(String table, List<String> columns);
    }

    /** What db.sql held: rows per table and the statements ignored. */
    record Stats(long messageRows, long mediaRows, List<String> skippedTables, long ignoredStatements) {}

    private final LineReader lines;
    private final int schemaVersion;
    private final CopyTarget target;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private DbSqlReader(InputStream in, int maxLine, int schemaVersion, CopyTarget target) {
        this.lines = new LineReader(in, maxLine);
        this.schemaVersion = schemaVersion;
        this.target = target;
    }

    static Stats read(InputStream in, int maxLine, int schemaVersion, CopyTarget target) throws IOException {
        return new DbSqlReader(in, maxLine, schemaVersion, target).run();
    }

    private Stats run() throws IOException {
        long messages = 0;
        long media = 0;
        long ignored = 0;
        List<String> skipped = new ArrayList<>();
        Set<String> loaded = new HashSet<>();
        StringBuilder statement = new StringBuilder();
        long statementLine = 0;
        while (lines.next()) {
            if (statement.length() == 0) {
                String line = text(lines.buffer(), lines.length(), "db.sql line " + lines.number())
                        .strip();
                if (line.isEmpty() || line.startsWith("--")) {
                    continue;
                }
                if (line.startsWith("\\")) {
                    if (!META_ALLOWED.matcher(line).matches()) {
                        throw refuse("the psql command " + BundleReader.quote(line.split("\\s")[0])
                                + " is not allowed in a room bundle");
                    }
                    continue;
                }
                statementLine = lines.number();
            }
            statement
                    .append(text(lines.buffer(), lines.length(), "db.sql line " + lines.number()))
                    .append('\n');
            if (statement.length() > lines.max()) {
                throw refuse("a statement longer than " + lines.max() + " bytes starts at line " + statementLine);
            }
            String trimmed = statement.toString().strip();
            if (!trimmed.endsWith(";")) {
                continue;
            }
            statement.setLength(0);
            Matcher copy = COPY.matcher(trimmed);
            if (copy.matches()) {
                String table = copy.group(2).toLowerCase(Locale.ROOT);
                if (!RoomTables.known(table)) {
                    skipped.add(table);
                    skipBlock();
                    continue;
                }
                if (!loaded.add(table)) {
                    throw refuse("a second COPY block for table " + table + " starts at line " + statementLine);
                }
                List<String> columns = columns(table, copy.group(3), statementLine);
                long rows = copyBlock(table, columns, target.open(table, columns));
                if (table.equals(RoomTables.MESSAGES)) {
                    messages = rows;
                } else {
                    media = rows;
                }
            } else if (ALLOWED.matcher(trimmed).matches()
                    && !trimmed.toUpperCase(Locale.ROOT).contains(" PROGRAM ")
                    && isSingleStatement(trimmed)) {
                ignored++;
            } else {
                String first = trimmed.length() > 60 ? trimmed.substring(0, 60) + "…" : trimmed;
                throw refuse(
                        "line " + statementLine + ": the statement " + BundleReader.quote(first.replace('\n', ' '))
                                + " is not allowed in a room bundle (bundles hold table definitions and COPY data only; it was not run)");
            }
        }
        if (statement.length() > 0) {
            throw refuse("ends inside a statement that starts at line " + statementLine + " (truncated?)");
        }
        if (!loaded.contains(RoomTables.MESSAGES)) {
            throw refuse("has no COPY block for table messages");
        }
        return new Stats(messages, media, skipped, ignored);
    }

    /**
     * True when nothing hides behind an allowed statement: outside quotes, no {@code ;} before the final one (a second
     * statement) and no backslash (a psql command such as {@code \!}, which psql runs anywhere in a line).
     */
    private static boolean isSingleStatement(String statement) {
        char quote = 0;
        for (int i = 0; i < statement.length() - 1; i++) {
            char ch = statement.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == ';' || ch == '\\') {
                return false;
            }
        }
        return quote == 0;
    }

    private List<String> columns(String table, String list, long line) {
        List<String> known = RoomTables.columns(table, schemaVersion);
        List<String> columns = new ArrayList<>();
        for (String raw : list.split(",")) {
            String column = raw.strip().replace("\"", "").toLowerCase(Locale.ROOT);
            if (!known.contains(column)) {
                throw refuse("line " + line + ": table " + table + " has no column " + BundleReader.quote(column)
                        + " at room schema version " + schemaVersion);
            }
            if (columns.contains(column)) {
                throw refuse("line " + line + ": column " + column + " is listed twice");
            }
            columns.add(column);
        }
        for (String required : RoomTables.required(table)) {
            if (!columns.contains(required)) {
                throw refuse("line " + line + ": the COPY of " + table + " lacks the column " + required);
            }
        }
        return columns;
    }

    private long copyBlock(String table, List<String> columns, RowSink sink) throws IOException {
        long rows = 0;
        while (true) {
            if (!lines.next()) {
                throw refuse("the COPY block of " + table + " has no end marker \\. (truncated?)");
            }
            byte[] line = lines.buffer();
            int length = lines.length();
            if (length == 2 && line[0] == END_OF_DATA[0] && line[1] == END_OF_DATA[1]) {
                sink.end();
                return rows;
            }
            rows++;
            int fields = 1;
            boolean ascii = true;
            for (int i = 0; i < length; i++) {
                byte b = line[i];
                if (b == '\t') {
                    fields++;
                } else if (b == 0) {
                    throw refuse(where(table, rows) + ": contains a NUL byte");
                } else if (b < 0) {
                    ascii = false;
                }
            }
            if (fields != columns.size()) {
                throw refuse(where(table, rows) + ": " + fields + " fields where the COPY names " + columns.size()
                        + " columns");
            }
            if (!ascii && !Utf8.isWellFormed(line, 0, length)) {
                throw refuse(where(table, rows) + ": is not valid UTF-8");
            }
            sink.row(line, length);
        }
    }

    private String where(String table, long row) {
        return "line " + lines.number() + " (COPY " + table + ", row " + row + ")";
    }

    private void skipBlock() throws IOException {
        while (lines.next()) {
            if (lines.length() == 2 && lines.buffer()[0] == '\\' && lines.buffer()[1] == '.') {
                return;
            }
        }
        throw refuse("a COPY block has no end marker \\. (truncated?)");
    }

    private String text(byte[] bytes, int length, String where) {
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw refuse(where.replace("db.sql ", "") + ": is not valid UTF-8");
        }
    }

    private static RuntimeException refuse(String problem) {
        return BundleException.invalid("db.sql", problem);
    }

    /** Splits a stream into lines (without the newline), each at most {@code max} bytes. */
    private static final class LineReader {
        private final InputStream in;
        private final int max;
        private final byte[] chunk = new byte[1 << 16];
        private int chunkPos;
        private int chunkLen;
        private byte[] line = new byte[1024];
        private int length;
        private long number;

        LineReader(InputStream in, int max) {
            this.in = in;
            this.max = max;
        }

        boolean next() throws IOException {
            length = 0;
            boolean any = false;
            while (true) {
                if (chunkPos == chunkLen) {
                    chunkLen = in.read(chunk);
                    chunkPos = 0;
                    if (chunkLen <= 0) {
                        chunkLen = 0;
                        if (any) {
                            number++;
                        }
                        return any;
                    }
                }
                any = true;
                // the line's bytes in this chunk are found first, then copied at once
                int end = chunkPos;
                while (end < chunkLen && chunk[end] != '\n') {
                    end++;
                }
                int bytes = end - chunkPos;
                if (length + bytes > max) {
                    throw refuse("line " + (number + 1) + " is longer than " + max + " bytes");
                }
                if (length + bytes > line.length) {
                    line = Arrays.copyOf(line, Math.min(max, Math.max(length + bytes, 2 * line.length)));
                }
                System.arraycopy(chunk, chunkPos, line, length, bytes);
                length += bytes;
                if (end < chunkLen) {
                    chunkPos = end + 1;
                    number++;
                    return true;
                }
                chunkPos = end;
            }
        }

        byte[] buffer() {
            return line;
        }

        int length() {
            return length;
        }

        long number() {
            return number;
        }

        int max() {
            return max;
        }
    }
}
