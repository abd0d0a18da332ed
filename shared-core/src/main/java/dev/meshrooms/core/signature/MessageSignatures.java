package dev.meshrooms.core.signature;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Signs and verifies {@link SignedContent} with Ed25519. */
public final class MessageSignatures {
    private static final Ed25519Verification VERIFICATION = new Ed25519Verification();

    private MessageSignatures() {}

    /**
     * Signs with BouncyCastle's RFC 8032 signer, some twenty times less CPU than the JDK 17's (which took most of a
     * server's CPU under a load of messages). Ed25519 is deterministic: the bytes are exactly the JDK's, which
     * {@link #jdkSign} makes and a test compares.
     */
    public static byte[] sign(SignedContent content, PrivateKey authorKey) {
        byte[] secret = authorKey instanceof EdECPrivateKey ed ? ed.getBytes().orElse(null) : null;
        if (secret == null || secret.length != Ed25519.SECRET_KEY_SIZE) {
            return jdkSign(content, authorKey);
        }
        byte[] message = content.canonicalBytes();
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(secret, 0, message, 0, message.length, signature, 0);
        java.util.Arrays.fill(secret, (byte) 0);
        return signature;
    }

    /** The JDK's signer (the reference the fast one must agree with byte for byte). */
    static byte[] jdkSign(SignedContent content, PrivateKey authorKey) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(authorKey);
            signer.update(content.canonicalBytes());
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /**
     * True when the signature is the author's (the key in the content) over exactly this content. Gives the JDK
     * verifier's answer, faster (see {@link Ed25519Verification}).
     */
    public static boolean verify(SignedContent content, byte[] signature) {
        if (signature == null || signature.length != 64 || content.authorKey() == null) {
            return false;
        }
        return VERIFICATION.verify(content.authorKey(), content.canonicalBytes(), signature);
    }

    /**
     * {@link #verify} for each content with the signature at the same index: the same answers, cheaper together (put
     * an author's messages next to each other).
     */
    public static boolean[] verifyAll(List<SignedContent> contents, List<byte[]> signatures) {
        int n = contents.size();
        byte[][] keys = new byte[n][];
        byte[][] messages = new byte[n][];
        byte[][] signed = new byte[n][];
        for (int i = 0; i < n; i++) {
            SignedContent content = contents.get(i);
            byte[] signature = signatures.get(i);
            if (signature != null && signature.length == 64 && content.authorKey() != null) {
                keys[i] = content.authorKey();
                messages[i] = content.canonicalBytes();
                signed[i] = signature;
            } // else no key: invalid
        }
        boolean[] valid = new boolean[n];
        VERIFICATION.verifyAll(keys, messages, signed, n, valid);
        return valid;
    }
}
