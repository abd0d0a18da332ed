package dev.meshrooms.core.message;

import dev.meshrooms.core.signature.SignedContent;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored message. {@code originalId} and {@code originalRoomId} are the ids it was signed under (equal to
 * {@code id} and {@code roomId} unless the room was imported and ids were translated).
 */
public record Message(
        UUID id,
        UUID roomId,
        UUID authorId,
        String body,
        Instant createdAt,
        Instant editedAt,
        UUID replyTo,
        byte[] signature,
        UUID originalId,
        UUID originalRoomId) {

    public SignedContent signedContent(byte[] authorKey) {
        return new SignedContent(originalId, originalRoomId, authorKey, body, createdAt);
    }
}
