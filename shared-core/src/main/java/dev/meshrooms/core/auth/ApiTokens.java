package dev.meshrooms.core.auth;

import dev.meshrooms.core.db.Transactions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Bearer tokens: only their SHA-256 is stored; the token itself is shown once, when issued. */
public final class ApiTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DataSource global;

    public ApiTokens(DataSource global) {
        this.global = global;
    }

    /** Issues a new token for a user and returns it in plain text (the only time it exists outside the caller). */
    public String issue(UUID userId, String label, boolean instanceAdmin) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "mesh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        store(userId, token, label, instanceAdmin);
        return token;
    }

    /** Stores a token chosen elsewhere (e.g. MESH_ADMIN_TOKEN), replacing an earlier one with the same label. */
    public void store(UUID userId, String token, String label, boolean instanceAdmin) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM mesh.api_tokens WHERE label = ? AND user_id = ?")) {
                del.setString(1, label);
                del.setObject(2, userId);
                del.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.api_tokens"
                    + " (id, user_id, token_hash, label, is_instance_admin) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (token_hash) DO NOTHING")) {
                st.setObject(1, UUID.randomUUID());
                st.setObject(2, userId);
                st.setBytes(3, hash(token));
                st.setString(4, label);
                st.setBoolean(5, instanceAdmin);
                st.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.api_tokens SET last_used_at = now()"
                    + " WHERE token_hash = ? RETURNING user_id, is_instance_admin")) {
                st.setBytes(1, hash(token));
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Principal(rs.getObject(1, UUID.class), rs.getBoolean(2)))
                            : Optional.empty();
                }
            }
        });
    }

    public boolean hasInstanceAdminToken() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM mesh.api_tokens WHERE is_instance_admin LIMIT 1");
                 ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        });
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
