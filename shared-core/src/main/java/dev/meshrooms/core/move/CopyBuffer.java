package dev.meshrooms.core.move;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One batch of rows in PostgreSQL's COPY text format, held between COPY ... TO STDOUT and COPY ... FROM STDIN. */
final class CopyBuffer extends ByteArrayOutputStream {
    CopyBuffer() {
        super(1 << 20);
    }

    ByteArrayInputStream input() {
        return new ByteArrayInputStream(buf, 0, count);
    }

    /** The given fields of the last row (unescaped), e.g. its keyset values for the checkpoint. */
    List<String> lastRow(List<Integer> fields) {
        int end = count - 1;  // the final newline
        int start = end - 1;
        while (start >= 0 && buf[start] != '\n') {
            start--;
        }
        String[] values = new String(buf, start + 1, end - start - 1, StandardCharsets.UTF_8).split("\t", -1);
        List<String> picked = new ArrayList<>(fields.size());
        for (int field : fields) {
            picked.add(unescape(values[field]));
        }
        return picked;
    }

    /** Undoes COPY text escaping (backslash sequences); {@code \N} (NULL) never occurs in keyset columns. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char next = field.charAt(++i);
            out.append(switch (next) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'v' -> '\u000b';
                default -> next;
            });
        }
        return out.toString();
    }
}
