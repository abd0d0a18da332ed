package dev.meshrooms.lite.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The embedded PostgreSQL's passwords, kept in the data directory (mode 600): the superuser's (to start and check the
 * server) and the application role's (what Mesh-Lite connects with).
 */
public record DatabaseSecrets(String superuserPassword, String appPassword) {

    /** A digest of both passwords, recorded in the cluster to notice when they were replaced. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((superuserPassword + "\n" + appPassword).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DatabaseSecrets[****]";
    }
}
