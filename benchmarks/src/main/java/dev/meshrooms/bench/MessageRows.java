package dev.meshrooms.bench;

import dev.meshrooms.core.model.User;
import dev.meshrooms.core.signature.MessageSignatures;
import dev.meshrooms.core.signature.SignedContent;
import dev.meshrooms.core.store.RoomSnapshot;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes the reference room's messages straight into its shard table with COPY: chat-like bodies, one every ~30 s, 5%
 * replies, 1% with a link, each honestly signed by its author's key ({@link MessageSignatures}, as Mesh signs).
 * Signing is the slow part, so chunks are signed on all cores (the common fork-join pool).
 */
final class MessageRows {
    private static final int CHUNK = 4096;
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] WORDS =
            ("the a and to of in is it that for you on with this we was are be have not at"
                            + " so but they what can just like all about if out up do one get my there time when will no more some would"
                            + " meeting tomorrow today release build deploy server room message photo link bundle import export shard"
                            + " garden orchard apples coffee lunch weekend train late sorry thanks great idea agreed maybe later review"
                            + " café naïve déjà-vu 🌱 👍 über straße ok yes please check again fixed broken green red tests pass fail")
                    .split(" ");

    private MessageRows() {}

    /** The id of message {@code index} (replies and media rows point at them without a table of ids). */
    static UUID id(long seed, long index) {
        return Generated.uuid(seed, Generated.MESSAGES, index);
    }

    static void load(
            DataSource db,
            String schema,
            UUID roomId,
            List<User> users,
            List<PrivateKey> keys,
            int count,
            long seed,
            PrintStream log)
            throws SQLException {
        long start = System.nanoTime();
        String sql =
                "COPY " + schema + ".messages (" + String.join(", ", RoomSnapshot.MESSAGE_COLUMNS) + ") FROM STDIN";
        try (Connection c = db.getConnection()) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            int reported = 0;
            for (int from = 0; from < count; from += CHUNK) {
                int to = Math.min(count, from + CHUNK);
                byte[][] rows = IntStream.range(from, to)
                        .parallel()
                        .mapToObj(i -> row(i, seed, roomId, users, keys))
                        .toArray(byte[][]::new);
                for (byte[] row : rows) {
                    copy.writeToCopy(row, 0, row.length);
                }
                if (to * 10L / count > reported) {
                    reported = (int) (to * 10L / count);
                    double s = (System.nanoTime() - start) / 1e9;
                    log.printf("  messages: %,d of %,d signed and copied (%.0f/s)%n", to, count, to / s);
                }
            }
            copy.endCopy();
        }
    }

    private static byte[] row(int i, long seed, UUID roomId, List<User> users, List<PrivateKey> keys) {
        SplittableRandom r = Generated.random(seed, Generated.MESSAGES, i);
        int author = r.nextInt(users.size());
        UUID id = id(seed, i);
        String body = body(r, i);
        Instant createdAt = START.plusSeconds(30L * i).plusNanos(r.nextInt(1_000_000) * 1_000L);
        UUID replyTo = i > 0 && r.nextInt(20) == 0 ? id(seed, r.nextInt(i)) : null;
        User user = users.get(author);
        byte[] signature = MessageSignatures.sign(
                new SignedContent(id, roomId, user.publicKey(), body, createdAt), keys.get(author));
        // id, room_id, author_id, body, created_at, edited_at, reply_to, signature, original_id, original_room_id,
        // signed_body
        String line =
                id + "\t" + roomId + "\t" + user.id() + "\t" + escape(body) + "\t" + TIME.format(createdAt) + "\t\\N\t"
                        + (replyTo == null ? "\\N" : replyTo.toString()) + "\t\\\\x" + HEX.formatHex(signature) + "\t"
                        + id + "\t"
                        + roomId + "\t\\N\n";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static String body(SplittableRandom r, int i) {
        int words = 2 + r.nextInt(39);
        StringBuilder b = new StringBuilder(words * 7);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                b.append(' ');
            }
            b.append(WORDS[r.nextInt(WORDS.length)]);
        }
        if (r.nextInt(100) == 0) {
            b.append(" https://example.org/notes/").append(i);
        }
        return b.toString();
    }

    /** COPY text format: backslash, tab, newline and carriage return are escaped. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
