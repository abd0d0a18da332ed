package dev.meshrooms.core.model;

import dev.meshrooms.core.signature.SignedContent;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored message. {@code originalId} and {@code originalRoomId} are the ids it was signed under (equal to
 * {@code id} and {@code roomId} unless the room was imported and ids were translated); {@code signedBody} is the body
 * as signed when an import rewrote links in {@code body}, else null.
 *
 * <p>A deleted message is a tombstone: {@code deletedAt} set, empty body, no signature. {@code changeSeq} is the
 * room's change number of the message's last write (0: not numbered yet, written before live changes, or
 * imported).
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
        UUID originalRoomId,
        String signedBody,
        Instant deletedAt,
        long changeSeq) {

    /** A message as written on this instance: its ids are the signed ones and its body is the signed body. */
    public static Message written(
            UUID id, UUID roomId, UUID authorId, String body, Instant createdAt, UUID replyTo, byte[] signature) {
        return new Message(id, roomId, authorId, body, createdAt, null, replyTo, signature, id, roomId, null, null, 0);
    }

    /** This message with a new body, as edited at {@code editedAt} and signed with {@code signature} (null: not yet). */
    public Message edited(String newBody, Instant editedAt, byte[] newSignature) {
        return new Message(
                id,
                roomId,
                authorId,
                newBody,
                createdAt,
                editedAt,
                replyTo,
                newSignature,
                originalId,
                originalRoomId,
                null,
                null,
                changeSeq);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** What the author signed: the original ids and the body before any link rewriting. */
    public SignedContent signedContent(byte[] authorKey) {
        return new SignedContent(
                originalId, originalRoomId, authorKey, signedBody != null ? signedBody : body, createdAt);
    }
}
