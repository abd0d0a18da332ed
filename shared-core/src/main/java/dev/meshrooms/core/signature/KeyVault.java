package dev.meshrooms.core.signature;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps authors' private keys encrypted at rest: AES-256-GCM under the instance's master key, a fresh 12-byte nonce
 * per key, the user id as associated data (a sealed key cannot be moved to another user row).
 */
public final class KeyVault {
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec masterKey;

    public KeyVault(byte[] masterKey) {
        if (masterKey == null || masterKey.length != 32) {
            throw new MeshException(ErrorCode.CONFIGURATION, "MESH_MASTER_KEY: must be 32 bytes, base64-encoded");
        }
        this.masterKey = new SecretKeySpec(masterKey.clone(), "AES");
    }

    public static byte[] newMasterKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public byte[] seal(PrivateKey privateKey, java.util.UUID owner) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(owner.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(privateKey.getEncoded());
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a private key failed", e);
        }
    }

    public PrivateKey open(byte[] sealed, java.util.UUID owner) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(owner.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] pkcs8 = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return Ed25519Keys.privateKey(pkcs8);
        } catch (GeneralSecurityException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "the signing key of user " + owner + " was sealed under another master key:"
                            + " MESH_MASTER_KEY (or the data directory's master.key) changed since; start with the key it was made with",
                    e);
        }
    }
}
