package dev.meshrooms.core.auth;

import dev.meshrooms.core.db.ChangeFeed;
import dev.meshrooms.core.db.NotifiedCache;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.TokenScope;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Bearer tokens: only their SHA-256 is stored; the token itself is shown once, when issued. A token may expire, and
 * can be revoked; a revoked or expired token authenticates nobody, and stays listed with when it was last used.
 *
 * <p>Every request authenticates, so active tokens are kept in memory (by hash) until the tokens table changes: a
 * revocation made anywhere (another server, the command line) reaches this process with its commit ({@link
 * ChangeFeed}), one made here at once.
 */
public final class ApiTokens {
    private static final long TOUCH_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private final DataSource global;
    private final NotifiedCache<String, Active> active;

    /** A token that authenticated: who it acts for, until when, and when its last use is next written down. */
    private record Active(UUID id, Principal principal, Instant expiresAt, AtomicLong nextTouch) {
        boolean validAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }

        /** True once a minute at most (for one caller): then {@code last_used_at} is written. */
        boolean touchDue() {
            long next = nextTouch.get();
            long now = System.nanoTime();
            return now - next >= 0 && nextTouch.compareAndSet(next, now + TOUCH_EVERY_NANOS);
        }
    }

    /** A token as the instance admin sees it in the list: never the token itself. */
    public record TokenInfo(
            UUID id,
            UUID userId,
            String handle,
            String label,
            boolean instanceAdmin,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            Instant revokedAt,
            TokenScope scope) {
        public boolean active(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    /** A new token: its plain text, shown this once, and its record. */
    public record Issued(String token, TokenInfo info) {}

    /** Tokens looked up in the database at every use (tools that run briefly, tests of parts of the core). */
    public ApiTokens(DataSource global) {
        this(global, ChangeFeed.none());
    }

    /** @param changes tells when the tokens table changed, so that active tokens can be kept in memory meanwhile */
    public ApiTokens(DataSource global, ChangeFeed changes) {
        this.global = global;
        this.active = new NotifiedCache<>(changes.table("api_tokens"), 100_000, Duration.ofMinutes(10));
    }

    /** Issues a new token for a user and returns it in plain text (the only time it exists outside the caller). */
    public String issue(UUID userId, String label, boolean instanceAdmin) {
        return issue(userId, label, instanceAdmin, null).token();
    }

    /** Issues a new token, valid for {@code validFor} (null: until revoked). */
    public Issued issue(UUID userId, String label, boolean instanceAdmin, Duration validFor) {
        return issue(userId, label, instanceAdmin, validFor, TokenScope.ALL);
    }

    /** Issues a new token of a scope, valid for {@code validFor} (null: until revoked). */
    public Issued issue(UUID userId, String label, boolean instanceAdmin, Duration validFor, TokenScope scope) {
        if (label == null || label.isBlank() || label.length() > 200) {
            throw MeshException.invalid(
                    "label", "give the token a label of 1 to 200 characters (what or who it is for)");
        }
        if (validFor != null && (validFor.isNegative() || validFor.isZero())) {
            throw MeshException.invalid("expiresIn", "must be a positive duration, e.g. P30D");
        }
        String token = Secrets.make("mesh", 32);
        UUID id = UUID.randomUUID();
        Instant expires = validFor == null ? null : Instant.now().plus(validFor);
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.api_tokens"
                    + " (id, user_id, token_hash, label, is_instance_admin, expires_at, scope)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                st.setObject(1, id);
                st.setObject(2, userId);
                st.setBytes(3, Secrets.hash(token));
                st.setString(4, label);
                st.setBoolean(5, instanceAdmin);
                st.setTimestamp(6, expires == null ? null : Timestamp.from(expires));
                st.setString(7, scope.dbValue());
                st.executeUpdate();
            }
            return null;
        });
        return new Issued(token, find(id).orElseThrow());
    }

    /**
     * Stores a token chosen elsewhere (MESH_ADMIN_TOKEN) as the one with this label: tokens stored under the label
     * before (an earlier value of the variable) are revoked.
     */
    public void store(UUID userId, String token, String label, boolean instanceAdmin) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.api_tokens SET revoked_at = now()"
                    + " WHERE label = ? AND user_id = ? AND token_hash <> ? AND revoked_at IS NULL")) {
                st.setString(1, label);
                st.setObject(2, userId);
                st.setBytes(3, Secrets.hash(token));
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.api_tokens"
                    + " (id, user_id, token_hash, label, is_instance_admin) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (token_hash) DO UPDATE SET revoked_at = NULL, expires_at = NULL,"
                    + " is_instance_admin = EXCLUDED.is_instance_admin, label = EXCLUDED.label")) {
                st.setObject(1, UUID.randomUUID());
                st.setObject(2, userId);
                st.setBytes(3, Secrets.hash(token));
                st.setString(4, label);
                st.setBoolean(5, instanceAdmin);
                st.executeUpdate();
            }
            return null;
        });
        active.forgetAll();
    }

    /** Revokes every active token with this label (MESH_ADMIN_TOKEN was unset); how many. */
    public int revokeLabel(UUID userId, String label) {
        int revoked = Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.api_tokens SET revoked_at = now()"
                    + " WHERE label = ? AND user_id = ? AND revoked_at IS NULL")) {
                st.setString(1, label);
                st.setObject(2, userId);
                return st.executeUpdate();
            }
        });
        active.forgetAll();
        return revoked;
    }

    /** Revokes a token; TOKEN not found when there is none with this id. Revoking twice changes nothing. */
    public TokenInfo revoke(UUID id) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE mesh.api_tokens SET revoked_at = coalesce(revoked_at, now())" + " WHERE id = ?")) {
                st.setObject(1, id);
                if (st.executeUpdate() == 0) {
                    throw new MeshException(
                            ErrorCode.NOT_FOUND, "No token " + id + " exists here; `tokens list` shows them.");
                }
            }
            return null;
        });
        active.forgetAll();
        return find(id).orElseThrow();
    }

    /**
     * Who the token acts for, if it is active. Every request authenticates, so this reads only, and only when the
     * token is not kept in memory already; {@code last_used_at} is written at most once a minute per token, without
     * waiting for the disk (it is a hint for people, not data to keep through a crash).
     */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        byte[] hash = Secrets.hash(token);
        Active found = active.get(HexFormat.of().formatHex(hash), key -> load(hash));
        if (found == null || !found.validAt(Instant.now())) {
            return Optional.empty();
        }
        if (found.touchDue()) {
            touch(found.id());
        }
        return Optional.of(found.principal());
    }

    private Active load(byte[] hash) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, user_id, is_instance_admin, expires_at,"
                    + " last_used_at IS NULL OR last_used_at < now() - interval '1 minute', scope"
                    + " FROM mesh.api_tokens WHERE token_hash = ? AND revoked_at IS NULL"
                    + " AND (expires_at IS NULL OR expires_at > now())")) {
                st.setBytes(1, hash);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long now = System.nanoTime();
                    UUID id = rs.getObject(1, UUID.class);
                    return new Active(
                            id,
                            new Principal(
                                    rs.getObject(2, UUID.class),
                                    rs.getBoolean(3),
                                    TokenScope.fromDb(rs.getString(6)),
                                    id),
                            instant(rs.getTimestamp(4)),
                            new AtomicLong(rs.getBoolean(5) ? now : now + TOUCH_EVERY_NANOS));
                }
            }
        });
    }

    private void touch(UUID id) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT set_config('synchronous_commit', 'off', true)")) {
                st.execute();
            }
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE mesh.api_tokens SET last_used_at = now() WHERE id = ?")) {
                st.setObject(1, id);
                st.executeUpdate();
            }
            return null;
        });
    }

    public boolean hasInstanceAdminToken() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM mesh.api_tokens WHERE is_instance_admin"
                            + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) LIMIT 1");
                    ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Every token, newest first (revoked and expired ones too). */
    public List<TokenInfo> list() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(SELECT + " ORDER BY t.created_at DESC, t.id")) {
                return read(st);
            }
        });
    }

    public Optional<TokenInfo> find(UUID id) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(SELECT + " WHERE t.id = ?")) {
                st.setObject(1, id);
                return read(st).stream().findFirst();
            }
        });
    }

    private static final String SELECT = "SELECT t.id, t.user_id, u.handle, t.label, t.is_instance_admin, t.created_at,"
            + " t.last_used_at, t.expires_at, t.revoked_at, t.scope FROM mesh.api_tokens t"
            + " JOIN mesh.users u ON u.id = t.user_id";

    private static List<TokenInfo> read(PreparedStatement st) throws SQLException {
        List<TokenInfo> tokens = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                tokens.add(new TokenInfo(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getBoolean(5),
                        instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9)),
                        TokenScope.fromDb(rs.getString(10))));
            }
        }
        return tokens;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
