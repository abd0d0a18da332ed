package dev.meshrooms.core.signature;

import java.nio.ByteBuffer;
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
        byte[] id = originalId.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] room = originalRoomId.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(
                TAG.length + 5 * Integer.BYTES + id.length + room.length + authorKey.length + text.length + Long.BYTES);
        out.put(TAG);
        field(out, id);
        field(out, room);
        field(out, authorKey);
        field(out, text);
        out.putInt(Long.BYTES);
        out.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt));
        return out.array();
    }

    private static void field(ByteBuffer out, byte[] value) {
        out.putInt(value.length);
        out.put(value);
    }
}
