package dev.meshrooms.core.store.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * Turns the rows of a {@code COPY … TO STDOUT (FORMAT binary)} into the COPY text format PostgreSQL itself writes
 * for the same rows (DateStyle ISO, TimeZone UTC, bytea_output hex): byte for byte what {@code COPY … TO STDOUT}
 * would have sent. A backend makes binary rows about three times faster than text (no output functions; the text of
 * a timestamp or a uuid is its slow part), so a big export reads binary and makes the text here, beside it.
 *
 * <p>Only the column types a room's message table has ({@link Type}); the query casts every column to the type
 * expected here, so a column of another type fails the COPY instead of being misread. Rows may arrive in CopyData
 * messages of any cut: a row split over messages is put together.
 */
final class BinaryCopyText {
    /** Column types this renders, as the query must cast them. */
    enum Type {
        UUID("uuid"),
        TEXT("text"),
        TIMESTAMPTZ("timestamptz"),
        BYTEA("bytea");

        private final String sql;

        Type(String sql) {
            this.sql = sql;
        }

        String sql() {
            return sql;
        }
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] INFINITY = "infinity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BC = {' ', 'B', 'C'};
    private static final byte[] MINUS_INFINITY = "-infinity".getBytes(StandardCharsets.US_ASCII);
    /** Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
    private static final long EPOCH_2000_DAYS = 10_957;

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private final Type[] types;
    private final OutputStream out;
    /** A uuid column whose distinct values are collected on the way (the authors of the messages), or -1. */
    private int distinctColumn = -1;

    private DistinctUuids distinct;
    private byte[] text = new byte[1 << 16];
    private int textLength;
    /** Bytes of a message not yet making a whole row (or the header), kept for the next message. */
    private byte[] pending = new byte[0];

    private int pendingLength;
    private boolean headerRead;
    private boolean trailerRead;
    private long rows;
    /** The day last rendered, and its "YYYY-MM-DD " (a row mostly falls on the day of the row before it). */
    private long cachedDay = Long.MIN_VALUE;

    private byte[] cachedDate = new byte[0];
    private boolean cachedBc;

    BinaryCopyText(List<Type> types, OutputStream out) {
        this.types = types.toArray(Type[]::new);
        this.out = out;
    }

    /** Also collects the distinct values of uuid column {@code column} (NULLs left out) into {@code into}. */
    BinaryCopyText collectDistinct(int column, DistinctUuids into) {
        if (types[column] != Type.UUID) {
            throw new IllegalArgumentException("column " + column + " is " + types[column] + ", not a uuid");
        }
        this.distinctColumn = column;
        this.distinct = into;
        return this;
    }

    /** Takes the payload of one CopyData message. */
    void accept(byte[] message) throws IOException {
        if (trailerRead) {
            throw malformed("data after the end marker");
        }
        byte[] data = message;
        int length = message.length;
        if (pendingLength > 0) {
            ensurePending(pendingLength + message.length);
            System.arraycopy(message, 0, pending, pendingLength, message.length);
            data = pending;
            length = pendingLength + message.length;
        }
        int used = parse(data, length);
        int left = length - used;
        if (left > 0) {
            if (data != pending) {
                ensurePending(left);
            }
            System.arraycopy(data, used, pending, 0, left);
        }
        pendingLength = left; // the text made goes out when the buffer is half full, and at finish()
    }

    /** After the last message: checks that the data ended where a COPY ends. */
    void finish() throws IOException {
        if (!trailerRead || pendingLength > 0) {
            throw malformed("the data ended inside a row or without the end marker");
        }
        flushText();
    }

    long rows() {
        return rows;
    }

    /** Renders the whole rows in {@code data[0, length)}; returns how many bytes they took. */
    private int parse(byte[] data, int length) throws IOException {
        int at = 0;
        if (!headerRead) {
            if (length < SIGNATURE.length + 8) {
                return 0;
            }
            for (int i = 0; i < SIGNATURE.length; i++) {
                if (data[i] != SIGNATURE[i]) {
                    throw malformed("no binary COPY signature");
                }
            }
            int extension = int32(data, SIGNATURE.length + 4);
            if (extension < 0) {
                throw malformed("a negative header extension");
            }
            if (length < SIGNATURE.length + 8 + extension) {
                return 0;
            }
            at = SIGNATURE.length + 8 + extension;
            headerRead = true;
        }
        while (at + 2 <= length) {
            int fields = int16(data, at);
            if (fields == -1) {
                trailerRead = true;
                if (at + 2 != length) {
                    throw malformed("data after the end marker");
                }
                return length;
            }
            if (fields != types.length) {
                throw malformed("a row of " + fields + " fields where " + types.length + " were expected");
            }
            int end = rowEnd(data, at + 2, length);
            if (end < 0) {
                return at;
            }
            render(data, at + 2);
            rows++;
            at = end;
        }
        return at;
    }

    /** Where the row whose fields start at {@code at} ends, or -1 if it does not end within {@code length}. */
    private int rowEnd(byte[] data, int at, int length) throws IOException {
        for (int i = 0; i < types.length; i++) {
            if (at + 4 > length) {
                return -1;
            }
            int size = int32(data, at);
            at += 4;
            if (size < -1) {
                throw malformed("a field of length " + size);
            }
            if (size > 0) {
                at += size;
            }
        }
        return at <= length ? at : -1;
    }

    private void render(byte[] data, int at) throws IOException {
        ensureText(0);
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            int size = int32(data, at);
            at += 4;
            if (size == -1) {
                put(NULL, 0, 2);
                continue;
            }
            if (i == distinctColumn && size == 16) {
                distinct.add(int64(data, at), int64(data, at + 8));
            }
            switch (types[i]) {
                case UUID -> uuid(data, at, size);
                case TEXT -> text(data, at, size);
                case TIMESTAMPTZ -> timestamp(data, at, size);
                case BYTEA -> bytea(data, at, size);
            }
            at += size;
        }
        put((byte) '\n');
    }

    private void uuid(byte[] data, int at, int size) throws IOException {
        if (size != 16) {
            throw malformed("a uuid of " + size + " bytes");
        }
        ensureText(36);
        byte[] t = text;
        int n = textLength;
        long second = hex8(int32(data, at + 4));
        long third = hex8(int32(data, at + 8));
        LONG.set(t, n, hex8(int32(data, at)));
        t[n + 8] = '-';
        INT.set(t, n + 9, (int) (second >>> 32));
        t[n + 13] = '-';
        INT.set(t, n + 14, (int) second);
        t[n + 18] = '-';
        INT.set(t, n + 19, (int) (third >>> 32));
        t[n + 23] = '-';
        INT.set(t, n + 24, (int) third);
        LONG.set(t, n + 28, hex8(int32(data, at + 12)));
        textLength = n + 36;
    }

    /**
     * The eight lowercase hex digits of {@code x} as the bytes of a long, first digit in the highest byte: each nibble
     * spread into a byte of its own, then {@code '0' + n}, or {@code 'a' + n - 10} where n is ten or more.
     */
    private static long hex8(int x) {
        long v = x & 0xFFFFFFFFL;
        v = (v | v << 16) & 0x0000FFFF0000FFFFL;
        v = (v | v << 8) & 0x00FF00FF00FF00FFL;
        v = (v | v << 4) & 0x0F0F0F0F0F0F0F0FL;
        long letters = (v + 0x0606060606060606L) >>> 4 & 0x0101010101010101L;
        return v + 0x3030303030303030L + letters * ('a' - '0' - 10);
    }

    /** UTF-8 text, escaped as COPY's text format does it: backslash, and \b \f \n \r \t \v as letters. */
    private void text(byte[] data, int at, int size) throws IOException {
        ensureText(size * 2);
        if (plain(data, at, size)) {
            System.arraycopy(data, at, text, textLength, size);
            textLength += size;
            return;
        }
        byte[] t = text;
        int n = textLength;
        for (int end = at + size; at < end; at++) {
            byte b = data[at];
            if (b >= 0x20 && b != '\\' || b < 0) {
                t[n++] = b;
                continue;
            }
            byte letter = switch (b) {
                case '\\' -> '\\';
                case '\b' -> 'b';
                case '\f' -> 'f';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case '\t' -> 't';
                case 0x0B -> 'v';
                default -> 0;
            };
            if (letter == 0) {
                t[n++] = b; // other control characters go as they are
            } else {
                t[n++] = '\\';
                t[n++] = letter;
            }
        }
        textLength = n;
    }

    /** Whether the bytes hold no control character and no backslash, looked at eight at a time (most message text). */
    private static boolean plain(byte[] data, int at, int size) {
        int end = at + size;
        for (; at + 8 <= end; at += 8) {
            long v = (long) LONG.get(data, at);
            long backslash = v ^ 0x5C5C5C5C5C5C5C5CL;
            // a byte under 0x20 (not one of 0x80 or over: UTF-8's), or a zero byte where a backslash was
            long below = (v - 0x2020202020202020L) & ~v;
            long zero = (backslash - 0x0101010101010101L) & ~backslash;
            if (((below | zero) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; at < end; at++) {
            byte b = data[at];
            if (b >= 0 && b < 0x20 || b == '\\') {
                return false;
            }
        }
        return true;
    }

    /** bytea as hex, its backslash escaped by COPY: {@code \\x0a1b…}. */
    private void bytea(byte[] data, int at, int size) throws IOException {
        ensureText(3 + size * 2);
        text[textLength++] = '\\';
        text[textLength++] = '\\';
        text[textLength++] = 'x';
        int n = textLength;
        int end = at + size;
        for (; at + 4 <= end; at += 4, n += 8) {
            LONG.set(text, n, hex8(int32(data, at)));
        }
        for (; at < end; at++) {
            int b = data[at] & 0xFF;
            text[n++] = HEX[b >>> 4];
            text[n++] = HEX[b & 0xF];
        }
        textLength = n;
    }

    /** Microseconds since 2000-01-01 UTC, as timestamptz_out writes them in UTC: {@code 2026-11-26 09:21:46.5+00}. */
    private void timestamp(byte[] data, int at, int size) throws IOException {
        if (size != 8) {
            throw malformed("a timestamp of " + size + " bytes");
        }
        long micros = int64(data, at);
        if (micros == Long.MAX_VALUE) {
            put(INFINITY, 0, INFINITY.length);
            return;
        }
        if (micros == Long.MIN_VALUE) {
            put(MINUS_INFINITY, 0, MINUS_INFINITY.length);
            return;
        }
        long day = Math.floorDiv(micros, MICROS_PER_DAY);
        long inDay = Math.floorMod(micros, MICROS_PER_DAY);
        if (day != cachedDay) {
            cacheDate(day);
        }
        ensureText(cachedDate.length + 32);
        System.arraycopy(cachedDate, 0, text, textLength, cachedDate.length);
        textLength += cachedDate.length;
        long seconds = inDay / 1_000_000;
        int fraction = (int) (inDay % 1_000_000);
        two((int) (seconds / 3600));
        text[textLength++] = ':';
        two((int) (seconds / 60 % 60));
        text[textLength++] = ':';
        two((int) (seconds % 60));
        if (fraction != 0) {
            text[textLength++] = '.';
            int digits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            for (int d = digits - 1; d >= 0; d--) {
                text[textLength + d] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            textLength += digits;
        }
        text[textLength++] = '+';
        text[textLength++] = '0';
        text[textLength++] = '0';
        if (cachedBc) {
            put(BC, 0, BC.length);
        }
    }

    private void cacheDate(long day) {
        LocalDate date = LocalDate.ofEpochDay(day + EPOCH_2000_DAYS);
        int year = date.getYear();
        cachedBc = year <= 0;
        String text = String.format(
                "%04d-%02d-%02d ", cachedBc ? 1 - year : year, date.getMonthValue(), date.getDayOfMonth());
        cachedDate = text.getBytes(StandardCharsets.US_ASCII);
        cachedDay = day;
    }

    private void two(int value) {
        text[textLength++] = (byte) ('0' + value / 10);
        text[textLength++] = (byte) ('0' + value % 10);
    }

    private void put(byte b) throws IOException {
        ensureText(1);
        text[textLength++] = b;
    }

    private void put(byte[] bytes, int off, int len) throws IOException {
        ensureText(len);
        System.arraycopy(bytes, off, text, textLength, len);
        textLength += len;
    }

    /** Room for {@code more} bytes: the rows so far go out once the buffer is half full, a long field grows it. */
    private void ensureText(int more) throws IOException {
        if (textLength + more <= text.length && textLength < text.length / 2) {
            return;
        }
        if (textLength >= text.length / 2) {
            flushText();
        }
        if (textLength + more > text.length) {
            text = java.util.Arrays.copyOf(text, Math.max(text.length * 2, textLength + more));
        }
    }

    private void flushText() throws IOException {
        if (textLength > 0) {
            out.write(text, 0, textLength);
            textLength = 0;
        }
    }

    private void ensurePending(int size) {
        if (pending.length < size) {
            pending = java.util.Arrays.copyOf(pending, Math.max(size, pending.length * 2));
        }
    }

    private static int int16(byte[] b, int at) {
        return (short) ((b[at] & 0xFF) << 8 | b[at + 1] & 0xFF);
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    private static long int64(byte[] b, int at) {
        return (long) int32(b, at) << 32 | int32(b, at + 4) & 0xFFFFFFFFL;
    }

    private static IOException malformed(String what) {
        return new IOException("PostgreSQL's binary COPY of the room's messages could not be read: " + what
                + "; export the room again, and report it if it happens twice");
    }
}
