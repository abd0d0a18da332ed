package dev.meshrooms.core.auth;

import dev.meshrooms.core.db.ChangeFeed;
import dev.meshrooms.core.db.NotifiedCache;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Browser sessions. A session is named by a random secret that lives only in the browser's cookie; the server keeps
 * its SHA-256. Sessions expire ({@link #LIFETIME} after sign-in), and their user can list them and sign them out one
 * by one or all at once. A signed-in user can make a one-time sign-in code for another device ({@link
 * #loginCode}), valid for {@link #CODE_LIFETIME}.
 *
 * <p>Each session has a CSRF token derived from its secret ({@link #csrfToken}): pages embed it and every
 * state-changing request made with the cookie must send it back.
 */
public final class Sessions {
    public static final Duration LIFETIME = Duration.ofDays(30);
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final long TOUCH_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private final DataSource global;
    private final Clock clock;
    private final NotifiedCache<String, Active> active;

    /** A signed-in browser: whose, and which session (to sign out this one). */
    public record Session(UUID id, Principal principal) {}

    /** A session as its user sees it in the list of signed-in devices. */
    public record SessionInfo(
            UUID id, String device, Instant createdAt, Instant lastSeenAt, Instant expiresAt, Instant revokedAt) {
        public boolean active(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    /** A new session: the secret for the cookie (shown this once) and its record. */
    public record Started(String secret, SessionInfo info) {}

    /** A one-time sign-in code and until when it works. */
    public record LoginCode(String code, Instant expiresAt) {}

    private record Active(Session session, Instant expiresAt, AtomicLong nextTouch) {}

    public Sessions(DataSource global, ChangeFeed changes, Clock clock) {
        this.global = global;
        this.clock = clock;
        this.active = new NotifiedCache<>(changes.table("sessions"), 100_000, Duration.ofMinutes(10));
    }

    /** Signs a user in on a device ({@code device}: what the browser says it is, shortened for the list). */
    public Started start(UUID userId, String device) {
        String secret = Secrets.make("mesh_s", 32);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        String label = device(device);
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.sessions"
                    + " (id, user_id, secret_hash, device, created_at, last_seen_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                st.setObject(1, id);
                st.setObject(2, userId);
                st.setBytes(3, Secrets.hash(secret));
                st.setString(4, label);
                st.setTimestamp(5, Timestamp.from(now));
                st.setTimestamp(6, Timestamp.from(now));
                st.setTimestamp(7, Timestamp.from(expires));
                st.executeUpdate();
            }
            return null;
        });
        return new Started(secret, new SessionInfo(id, label, now, now, expires, null));
    }

    /** The session a cookie names, if it is active. */
    public Optional<Session> authenticate(String secret) {
        if (!Secrets.wellFormed(secret)) {
            return Optional.empty();
        }
        byte[] hash = Secrets.hash(secret);
        Active found = active.get(HexFormat.of().formatHex(hash), key -> load(hash));
        if (found == null || !found.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        long next = found.nextTouch().get();
        long now = System.nanoTime();
        if (now - next >= 0 && found.nextTouch().compareAndSet(next, now + TOUCH_EVERY_NANOS)) {
            touch(found.session().id());
        }
        return Optional.of(found.session());
    }

    private Active load(byte[] hash) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT s.id, s.user_id, s.expires_at"
                            + " FROM mesh.sessions s WHERE s.secret_hash = ? AND s.revoked_at IS NULL AND s.expires_at > now()")) {
                st.setBytes(1, hash);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    return new Active(
                            new Session(rs.getObject(1, UUID.class), new Principal(rs.getObject(2, UUID.class), false)),
                            rs.getTimestamp(3).toInstant(),
                            new AtomicLong(System.nanoTime()));
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
                    c.prepareStatement("UPDATE mesh.sessions SET last_seen_at = now() WHERE id = ?")) {
                st.setObject(1, id);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** The CSRF token of the session named by {@code secret}: pages send it back in {@code X-CSRF-Token}. */
    public static String csrfToken(String secret) {
        byte[] digest = Secrets.hash("csrf:" + secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** Whether {@code token} is the CSRF token of the session named by {@code secret} (compared in constant time). */
    public static boolean csrfMatches(String secret, String token) {
        if (secret == null || token == null) {
            return false;
        }
        return MessageDigest.isEqual(
                csrfToken(secret).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The user's sessions, newest first (signed-out and expired ones of the last 30 days too). */
    public List<SessionInfo> list(UUID userId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, device, created_at, last_seen_at, expires_at,"
                    + " revoked_at FROM mesh.sessions WHERE user_id = ? AND coalesce(revoked_at, expires_at)"
                    + " > now() - interval '30 days' ORDER BY created_at DESC, id")) {
                st.setObject(1, userId);
                List<SessionInfo> sessions = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        sessions.add(new SessionInfo(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                instant(rs.getTimestamp(3)),
                                instant(rs.getTimestamp(4)),
                                instant(rs.getTimestamp(5)),
                                instant(rs.getTimestamp(6))));
                    }
                }
                return sessions;
            }
        });
    }

    /** Signs out one of the user's sessions; NOT_FOUND when the user has no such session. */
    public void signOut(UUID userId, UUID sessionId) {
        int changed = Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.sessions SET revoked_at ="
                    + " coalesce(revoked_at, now()) WHERE id = ? AND user_id = ?")) {
                st.setObject(1, sessionId);
                st.setObject(2, userId);
                return st.executeUpdate();
            }
        });
        active.forgetAll();
        if (changed == 0) {
            throw new MeshException(
                    ErrorCode.NOT_FOUND,
                    "You have no session " + sessionId + "; the list of signed-in devices shows them.");
        }
    }

    /** Signs out every session of the user; how many were active. */
    public int signOutEverywhere(UUID userId) {
        int changed = Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.sessions SET revoked_at = now()"
                    + " WHERE user_id = ? AND revoked_at IS NULL AND expires_at > now()")) {
                st.setObject(1, userId);
                return st.executeUpdate();
            }
        });
        active.forgetAll();
        return changed;
    }

    /** A one-time code that signs the user in on another device, for {@link #CODE_LIFETIME}. */
    public LoginCode loginCode(UUID userId) {
        String code = Secrets.make("mesh_l", 24);
        Instant expires = clock.instant().plus(CODE_LIFETIME);
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO mesh.login_codes (code_hash, user_id, expires_at) VALUES (?, ?, ?)")) {
                st.setBytes(1, Secrets.hash(code));
                st.setObject(2, userId);
                st.setTimestamp(3, Timestamp.from(expires));
                st.executeUpdate();
            }
            try (PreparedStatement st =
                    c.prepareStatement("DELETE FROM mesh.login_codes WHERE expires_at < now() - interval '1 day'")) {
                st.executeUpdate();
            }
            return null;
        });
        return new LoginCode(code, expires);
    }

    /** Uses a sign-in code (once) and starts a session for its user. */
    public Started redeem(String code, String device) {
        UUID userId = Secrets.wellFormed(code)
                ? Transactions.inTransaction(global, c -> {
                    try (PreparedStatement st = c.prepareStatement("UPDATE mesh.login_codes SET used_at = now()"
                            + " WHERE code_hash = ? AND used_at IS NULL AND expires_at > now() RETURNING user_id")) {
                        st.setBytes(1, Secrets.hash(code));
                        try (ResultSet rs = st.executeQuery()) {
                            return rs.next() ? rs.getObject(1, UUID.class) : null;
                        }
                    }
                })
                : null;
        if (userId == null) {
            throw new MeshException(
                    ErrorCode.UNAUTHENTICATED,
                    "This sign-in link is used up, expired or not from this server; make a new one on a device where"
                            + " you are signed in (Account → Sign in on another device).");
        }
        return start(userId, device);
    }

    private static String device(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "a browser";
        }
        String ua = userAgent;
        String browser = ua.contains("Firefox/")
                ? "Firefox"
                : ua.contains("Edg/")
                        ? "Edge"
                        : ua.contains("Chrome/") ? "Chrome" : ua.contains("Safari/") ? "Safari" : null;
        String system = ua.contains("Android")
                ? "Android"
                : ua.contains("iPhone") || ua.contains("iPad")
                        ? "iOS"
                        : ua.contains("Windows")
                                ? "Windows"
                                : ua.contains("Mac OS") ? "macOS" : ua.contains("Linux") ? "Linux" : null;
        if (browser == null && system == null) {
            String clean = ua.replaceAll("[^\\x20-\\x7e]", "").strip();
            return clean.isEmpty() ? "a browser" : clean.substring(0, Math.min(80, clean.length()));
        }
        return (browser == null ? "A browser" : browser) + (system == null ? "" : " on " + system);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
