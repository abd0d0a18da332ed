package dev.meshrooms.core.signature;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/** Signs and verifies {@link SignedContent} with Ed25519. */
public final class MessageSignatures {
    private static final Ed25519Verification VERIFICATION = new Ed25519Verification();

    private MessageSignatures() {
    }

    public static byte[] sign(SignedContent content, PrivateKey authorKey) {
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
}
