package dev.meshrooms.core.signature;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What an author signs: the message's original id and room id, the author's public key, the body and the creation
 * time (microseconds, PostgreSQL's precision). These stay the same when a room moves to another instance, so the
 * original signature keeps verifying after ids are translated.
 *
 * <p>Canonical bytes: the ASCII tag {@code mesh-message-v1}, then each field as a 4-byte big-endian length and its
 * bytes: id and room id as their 36-character text, the raw 32-byte key, the body in UTF-8, the time as
 * microseconds since the epoch (8 bytes).
 */
public record SignedContent(UUID originalId, UUID originalRoomId, byte[] authorKey, String body, Instant createdAt) {
    private static final byte[] TAG = "mesh-message-v1".getBytes(StandardCharsets.US_ASCII);

    public byte[] canonicalBytes() {
        var bytes = new ByteArrayOutputStream(128 + body.length() * 2);
        try (var out = new DataOutputStream(bytes)) {
            out.write(TAG);
            field(out, originalId.toString().getBytes(StandardCharsets.US_ASCII));
            field(out, originalRoomId.toString().getBytes(StandardCharsets.US_ASCII));
            field(out, authorKey);
            field(out, body.getBytes(StandardCharsets.UTF_8));
            out.writeInt(8);
            out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }
}
