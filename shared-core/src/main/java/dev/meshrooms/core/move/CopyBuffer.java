package dev.meshrooms.core.move;

import dev.meshrooms.core.db.CopyText;
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
        int end = count - 1; // the final newline
        int start = end - 1;
        while (start >= 0 && buf[start] != '\n') {
            start--;
        }
        String[] values = new String(buf, start + 1, end - start - 1, StandardCharsets.UTF_8).split("\t", -1);
        List<String> picked = new ArrayList<>(fields.size());
        for (int field : fields) {
            picked.add(CopyText.unescape(values[field]));
        }
        return picked;
    }

    /**
     * The given fields of the last row of a batch in COPY's binary format, as SQL literal text for the next keyset
     * comparison. Binary COPY spares both servers the text conversion of bytea, uuid and timestamps.
     */
    List<String> lastRowBinary(List<Integer> fields, List<String> types) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, 0, count);
        b.position(11 + 4); // signature, flags
        b.position(b.position() + 4 + b.getInt(b.position())); // header extension
        int last = -1;
        while (true) {
            int start = b.position();
            short n = b.getShort();
            if (n == -1) {
                break;
            }
            last = start;
            for (int i = 0; i < n; i++) {
                int len = b.getInt();
                if (len > 0) {
                    b.position(b.position() + len);
                }
            }
        }
        List<String> picked = new ArrayList<>(fields.size());
        for (int k = 0; k < fields.size(); k++) {
            b.position(last + 2);
            for (int i = 0; i < fields.get(k); i++) {
                int len = b.getInt();
                b.position(b.position() + Math.max(0, len));
            }
            int len = b.getInt();
            picked.add(
                    switch (types.get(k)) {
                        case "uuid" -> new java.util.UUID(b.getLong(), b.getLong()).toString();
                        case "timestamptz" -> {
                            long micros = b.getLong();
                            yield java.time.Instant.ofEpochSecond(
                                            POSTGRES_EPOCH + Math.floorDiv(micros, 1_000_000L),
                                            Math.floorMod(micros, 1_000_000L) * 1000)
                                    .toString();
                        }
                        default -> new String(buf, b.position(), len, StandardCharsets.UTF_8);
                    });
        }
        return picked;
    }

    /** 2000-01-01T00:00:00Z, where PostgreSQL's binary timestamps count from. */
    private static final long POSTGRES_EPOCH = 946_684_800L;
}
