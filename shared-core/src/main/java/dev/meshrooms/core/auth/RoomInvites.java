package dev.meshrooms.core.auth;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.store.RoomDirectory;
import dev.meshrooms.core.store.UserDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Invite links of a room. An admin makes one (a role, optionally a number of uses and a lifetime); the code is shown
 * once and only its SHA-256 is kept. Opening the link, a person picks a name and a handle and becomes a user of this
 * installation and a member of the room in one transaction; a person already signed in joins as themselves.
 */
public final class RoomInvites {
    /** Handles people pick when joining: what an @mention can hold. */
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,31}");

    public static final int MAX_DISPLAY_NAME = 80;
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    public static final int MAX_USES = 100_000;
    private final DataSource global;
    private final RoomDirectory rooms;
    private final UserDirectory users;
    private final Clock clock;

    /** An invite as its room's admins see it: never the code. */
    public record Invite(
            UUID id,
            UUID roomId,
            MemberRole role,
            Integer maxUses,
            int uses,
            Instant expiresAt,
            UUID createdBy,
            Instant createdAt,
            Instant revokedAt) {
        public boolean usable(Instant now) {
            return revokedAt == null
                    && (expiresAt == null || expiresAt.isAfter(now))
                    && (maxUses == null || uses < maxUses);
        }
    }

    /** A new invite: its code (shown this once; the link is {@code /join/<code>}) and its record. */
    public record Issued(String code, Invite invite) {}

    /** What opening a link shows before joining: the room and the role, when the invite can still be used. */
    public record Opened(Invite invite, Room room) {}

    public RoomInvites(DataSource global, RoomDirectory rooms, UserDirectory users, Clock clock) {
        this.global = global;
        this.rooms = rooms;
        this.users = users;
        this.clock = clock;
    }

    /**
     * @param maxUses   null: any number
     * @param expiresIn null: never
     */
    public Issued create(UUID roomId, MemberRole role, Integer maxUses, Duration expiresIn, UUID createdBy) {
        if (maxUses != null && (maxUses < 1 || maxUses > MAX_USES)) {
            throw MeshException.invalid("maxUses", "must be from 1 to " + MAX_USES + " (leave it out for no limit)");
        }
        if (expiresIn != null
                && (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_LIFETIME) > 0)) {
            throw MeshException.invalid("expiresIn", "must be a positive duration of at most a year, e.g. P7D");
        }
        String code = Secrets.make("mesh_i", 18);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expires = expiresIn == null ? null : now.plus(expiresIn);
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.room_invites"
                    + " (id, room_id, code_hash, role, max_uses, expires_at, created_by, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setObject(1, id);
                st.setObject(2, roomId);
                st.setBytes(3, Secrets.hash(code));
                st.setString(4, role.dbValue());
                st.setObject(5, maxUses);
                st.setTimestamp(6, expires == null ? null : Timestamp.from(expires));
                st.setObject(7, createdBy);
                st.setTimestamp(8, Timestamp.from(now));
                st.executeUpdate();
            }
            return null;
        });
        return new Issued(code, new Invite(id, roomId, role, maxUses, 0, expires, createdBy, now, null));
    }

    /** The room's invites, newest first (revoked and used-up ones too). */
    public List<Invite> list(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement(SELECT + " WHERE room_id = ? ORDER BY created_at DESC, id")) {
                st.setObject(1, roomId);
                return read(st);
            }
        });
    }

    /** Revokes an invite of the room (revoking twice changes nothing); NOT_FOUND when the room has no such invite. */
    public Invite revoke(UUID roomId, UUID inviteId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.room_invites SET revoked_at ="
                    + " coalesce(revoked_at, now()) WHERE id = ? AND room_id = ? RETURNING " + COLUMNS)) {
                st.setObject(1, inviteId);
                st.setObject(2, roomId);
                return read(st).stream()
                        .findFirst()
                        .orElseThrow(() -> new MeshException(
                                ErrorCode.NOT_FOUND,
                                "This room has no invite " + inviteId + "; GET /api/room/<id>/invites lists them."));
            }
        });
    }

    /** What a link leads to, if it can still be used; UNAUTHENTICATED (with what to do) when it cannot. */
    public Opened open(String code) {
        Invite invite = find(code).filter(i -> i.usable(clock.instant())).orElseThrow(RoomInvites::unusable);
        Room room = rooms.findById(invite.roomId()).orElseThrow(RoomInvites::unusable);
        return new Opened(invite, room);
    }

    /**
     * A new person joins through a link: a user with a fresh signing key, a member with the invite's role, and a use
     * of the invite counted, all in one transaction. CONFLICT when the handle is taken (nothing is used up).
     */
    public User joinAsNewUser(String code, String handle, String displayName) {
        if (handle == null || !HANDLE.matcher(handle).matches()) {
            throw MeshException.invalid(
                    "handle",
                    "use 2 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit");
        }
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > MAX_DISPLAY_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw MeshException.invalid("displayName", "give a name of 1 to " + MAX_DISPLAY_NAME + " characters");
        }
        Invite invite = open(code).invite();
        return users.create(handle, name, (c, user) -> use(c, code, invite, user.id()));
    }

    /** Someone who has a user here already joins through a link; the room's id. Joining twice keeps the higher role. */
    public UUID joinAs(String code, UUID userId) {
        Invite invite = open(code).invite();
        Transactions.inTransaction(global, c -> {
            use(c, code, invite, userId);
            return null;
        });
        return invite.roomId();
    }

    private void use(Connection c, String code, Invite invite, UUID userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE mesh.room_invites SET uses = uses + 1"
                + " WHERE code_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())"
                + " AND (max_uses IS NULL OR uses < max_uses)")) {
            st.setBytes(1, Secrets.hash(code));
            if (st.executeUpdate() == 0) {
                throw unusable();
            }
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.room_members (room_id, user_id, role)"
                + " VALUES (?, ?, ?) ON CONFLICT (room_id, user_id) DO UPDATE SET role = CASE"
                + " WHEN mesh.room_members.role = 'admin' THEN 'admin' ELSE EXCLUDED.role END")) {
            st.setObject(1, invite.roomId());
            st.setObject(2, userId);
            st.setString(3, invite.role().dbValue());
            st.executeUpdate();
        }
    }

    private Optional<Invite> find(String code) {
        if (!Secrets.wellFormed(code)) {
            return Optional.empty();
        }
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(SELECT + " WHERE code_hash = ?")) {
                st.setBytes(1, Secrets.hash(code));
                return read(st).stream().findFirst();
            }
        });
    }

    private static MeshException unusable() {
        return new MeshException(
                ErrorCode.UNAUTHENTICATED,
                "This invite link is revoked, expired or used up (or not from this server); ask the room's admin for a"
                        + " new one.");
    }

    private static final String COLUMNS =
            "id, room_id, role, max_uses, uses, expires_at, created_by, created_at, revoked_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM mesh.room_invites";

    private static List<Invite> read(PreparedStatement st) throws SQLException {
        List<Invite> invites = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                invites.add(new Invite(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        MemberRole.fromDb(rs.getString(3)),
                        (Integer) rs.getObject(4),
                        rs.getInt(5),
                        instant(rs.getTimestamp(6)),
                        rs.getObject(7, UUID.class),
                        instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9))));
            }
        }
        return invites;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
