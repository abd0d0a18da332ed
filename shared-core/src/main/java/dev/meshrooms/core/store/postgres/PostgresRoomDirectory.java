package dev.meshrooms.core.store.postgres;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.RoomState;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.store.RoomDirectory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link RoomDirectory} on the global schema {@code mesh}. */
public final class PostgresRoomDirectory implements RoomDirectory {
    private static final String COLUMNS = "id, slug, name, visibility, created_at, is_sharded, shard_url, shard_schema,"
            + " media_bucket, kms_key_arn, state, topic";
    private final DataSource global;

    public PostgresRoomDirectory(DataSource global) {
        this.global = global;
    }

    @Override
    public Room create(UUID id, NewRoom room) {
        room.validate();
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO mesh.rooms (id, slug, name, visibility) VALUES (?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING"
                            + " RETURNING " + COLUMNS)) {
                st.setObject(1, id);
                st.setString(2, room.slug());
                st.setString(3, room.name());
                st.setString(4, room.visibility().dbValue());
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw new MeshException(
                                ErrorCode.SLUG_TAKEN,
                                "slug: a room called \"" + room.slug() + "\" exists already; choose another slug.");
                    }
                    return read(rs);
                }
            }
        });
    }

    @Override
    public Optional<Room> findById(UUID id) {
        return findOne("id = ?", id);
    }

    @Override
    public Optional<Room> findBySlug(String slug) {
        return findOne("slug = ?", slug);
    }

    @Override
    public List<Room> list() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
                            + " FROM mesh.rooms WHERE state <> 'importing'" + " ORDER BY created_at, slug");
                    ResultSet rs = st.executeQuery()) {
                List<Room> rooms = new ArrayList<>();
                while (rs.next()) {
                    rooms.add(read(rs));
                }
                return rooms;
            }
        });
    }

    @Override
    public void delete(UUID id) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.rooms WHERE id = ?")) {
                st.setObject(1, id);
                st.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public void markSharded(UUID id, String shardUrl, String shardSchema, String mediaBucket, String kmsKeyArn) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.rooms SET is_sharded = true, shard_url = ?,"
                    + " shard_schema = ?, media_bucket = ?, kms_key_arn = ? WHERE id = ?")) {
                st.setString(1, shardUrl);
                st.setString(2, shardSchema);
                st.setString(3, mediaBucket);
                st.setString(4, kmsKeyArn);
                st.setObject(5, id);
                if (st.executeUpdate() != 1) {
                    throw MeshException.roomNotFound(id.toString());
                }
                return null;
            }
        });
    }

    @Override
    public void addMember(UUID roomId, UUID userId, MemberRole role) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.room_members (room_id, user_id, role)"
                    + " VALUES (?, ?, ?) ON CONFLICT (room_id, user_id) DO UPDATE SET role = excluded.role")) {
                st.setObject(1, roomId);
                st.setObject(2, userId);
                st.setString(3, role.dbValue());
                st.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public Optional<RoomAndRole> findWithRole(String idOrSlug, UUID userId) {
        Optional<UUID> id = RoomIds.parse(idOrSlug);
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + ", m.role FROM mesh.rooms r"
                    + " LEFT JOIN mesh.room_members m ON m.room_id = r.id AND m.user_id = ?"
                    + (id.isPresent() ? " WHERE r.id = ?" : " WHERE r.slug = ?"))) {
                st.setObject(1, userId);
                st.setObject(2, id.isPresent() ? id.get() : idOrSlug);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String role = rs.getString("role");
                    return Optional.of(new RoomAndRole(read(rs), role == null ? null : MemberRole.fromDb(role)));
                }
            }
        });
    }

    @Override
    public java.util.Map<UUID, MemberRole> members(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT user_id, role FROM mesh.room_members WHERE room_id = ? ORDER BY joined_at, user_id")) {
                st.setObject(1, roomId);
                java.util.Map<UUID, MemberRole> members = new java.util.LinkedHashMap<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        members.put(rs.getObject(1, UUID.class), MemberRole.fromDb(rs.getString(2)));
                    }
                }
                return members;
            }
        });
    }

    @Override
    public boolean removeMember(UUID roomId, UUID userId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("DELETE FROM mesh.room_members WHERE room_id = ? AND user_id = ?")) {
                st.setObject(1, roomId);
                st.setObject(2, userId);
                return st.executeUpdate() == 1;
            }
        });
    }

    @Override
    public java.util.Map<UUID, java.time.Instant> importedAt() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                            "SELECT room_id, max(imported_at) FROM mesh.import_history GROUP BY room_id");
                    ResultSet rs = st.executeQuery()) {
                java.util.Map<UUID, java.time.Instant> imported = new java.util.HashMap<>();
                while (rs.next()) {
                    imported.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                }
                return imported;
            }
        });
    }

    @Override
    public List<Room> roomsOf(UUID userId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM mesh.rooms r"
                    + " WHERE EXISTS (SELECT 1 FROM mesh.room_members m WHERE m.room_id = r.id AND m.user_id = ?)"
                    + " ORDER BY lower(name), slug")) {
                st.setObject(1, userId);
                List<Room> rooms = new java.util.ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rooms.add(read(rs));
                    }
                }
                return rooms;
            }
        });
    }

    @Override
    public int memberCount(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("SELECT count(*) FROM mesh.room_members WHERE room_id = ?")) {
                st.setObject(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public Room describe(UUID roomId, String topic) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE mesh.rooms SET topic = ? WHERE id = ? RETURNING " + COLUMNS)) {
                st.setString(1, topic == null || topic.isBlank() ? null : topic.strip());
                st.setObject(2, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw MeshException.roomNotFound(roomId.toString());
                    }
                    return read(rs);
                }
            }
        });
    }

    private Optional<Room> findOne(String where, Object value) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM mesh.rooms WHERE " + where)) {
                st.setObject(1, value);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Room read(ResultSet rs) throws SQLException {
        return new Room(
                rs.getObject("id", UUID.class),
                rs.getString("slug"),
                rs.getString("name"),
                Visibility.parse(rs.getString("visibility")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getBoolean("is_sharded"),
                rs.getString("shard_url"),
                rs.getString("shard_schema"),
                rs.getString("media_bucket"),
                rs.getString("kms_key_arn"),
                RoomState.fromDb(rs.getString("state")),
                rs.getString("topic"));
    }
}
