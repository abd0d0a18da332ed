package dev.meshrooms.lite.http.support;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.signature.MessageSignatures;
import dev.meshrooms.core.signature.SignedContent;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Whether a message's signature verifies against its author's key, for the API, the live stream and the pages alike,
 * remembered by what was signed and the signature: a room's newest page is read over and over, and a check costs
 * about as much as the rest of the request. The key is
 * the SHA-256 of the signed content (ids, author key, body, time) with the signature, so a changed body or a copied
 * signature is checked afresh, never taken from an earlier result.
 */
public final class SignatureChecks {
    private static final Cache<ByteBuffer, Boolean> CHECKED =
            Caffeine.newBuilder().maximumSize(50_000).build();

    private SignatureChecks() {}

    public static boolean verified(Message m, User author) {
        if (m.deleted() || author == null || m.signature() == null) {
            return false;
        }
        SignedContent content = m.signedContent(author.publicKey());
        byte[] signature = m.signature();
        ByteBuffer key = ByteBuffer.allocate(32 + signature.length)
                .put(sha256(content.canonicalBytes()))
                .put(signature)
                .flip();
        return CHECKED.get(key, k -> MessageSignatures.verify(content, signature));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
