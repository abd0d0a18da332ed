package dev.meshrooms.core.db;

import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's COPY text format, read field by field the way the server reads it: {@code \N} for NULL, backslash
 * escapes, uuids in every form it accepts. One codec for everything that reads COPY text (a bundle's rows, a move's
 * checkpoints); tested against the server's own output.
 */
public final class CopyText {
    private CopyText() {}

    public static boolean isNull(byte[] b, int from, int to) {
        return to - from == 2 && b[from] == '\\' && b[from + 1] == 'N';
    }

    /**
     * A uuid as PostgreSQL reads one (32 hex digits, hyphens between groups, optional braces) into two longs;
     * false when the field is not one.
     */
    public static boolean uuid(byte[] b, int from, int to, long[] into) {
        if (to - from >= 2 && b[from] == '{' && b[to - 1] == '}') {
            from++;
            to--;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                if (b[i] == '-' && digits > 0 && digits % 4 == 0 && i + 1 < to && b[i + 1] != '-') {
                    continue;
                }
                return false;
            }
            if (digits < 16) {
                high = high << 4 | d;
            } else if (digits < 32) {
                low = low << 4 | d;
            }
            digits++;
        }
        into[0] = high;
        into[1] = low;
        return digits == 32;
    }

    public static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** A field's text with COPY's backslash escapes undone (\t, \n, \\, octal and \x hex bytes, …). */
    public static String unescape(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != '\\' || i + 1 == to) {
                out[n++] = c;
                continue;
            }
            byte e = b[++i];
            switch (e) {
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'v' -> out[n++] = 0x0b;
                case 'x' -> {
                    int v = 0;
                    int k = 0;
                    while (k < 2 && i + 1 < to && Character.digit(b[i + 1], 16) >= 0) {
                        v = v << 4 | Character.digit(b[++i], 16);
                        k++;
                    }
                    out[n++] = k == 0 ? (byte) 'x' : (byte) v;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 1; k < 3 && i + 1 < to && b[i + 1] >= '0' && b[i + 1] <= '7'; k++) {
                            v = v << 3 | b[++i] - '0';
                        }
                        out[n++] = (byte) v;
                    } else {
                        out[n++] = e;
                    }
                }
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** {@link #unescape(byte[], int, int)} of a whole field given as text. */
    public static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        return unescape(b, 0, b.length);
    }
}
