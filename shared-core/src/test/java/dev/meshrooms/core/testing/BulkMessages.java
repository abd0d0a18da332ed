package dev.meshrooms.core.testing;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fills a sharded room's message table fast, in SQL: rows of ~1 KB of random text (not compressible, so they stay in
 * the table itself), one second apart before now, signatures zero (not meant to verify). For tests that need a big
 * table, such as one an export reads in parts.
 */
public final class BulkMessages {
    private BulkMessages() {}

    /** Inserts {@code rows} messages by {@code author} into the shard of {@code room}; returns the ids of the table's rows. */
    public static List<UUID> fill(MeshCore mesh, Room room, UUID author, int rows) throws SQLException {
        String table = table(room);
        try (Connection c = mesh.internals().pools().global().getConnection()) {
            try (PreparedStatement st =
                    c.prepareStatement("INSERT INTO " + table + " (id, room_id, author_id, body, created_at,"
                            + " signature, original_id, original_room_id) SELECT g.id, ?, ?, g.body, now() - (g.i || ' s')::interval,"
                            + " decode(repeat('00', 64), 'hex'), g.id, ? FROM (SELECT gen_random_uuid() AS id, i,"
                            + " (SELECT string_agg(md5(random()::text || x || i), ' ') FROM generate_series(1, 30) x) AS body"
                            + " FROM generate_series(1, ?) i) g")) {
                st.setObject(1, room.id());
                st.setObject(2, author);
                st.setObject(3, room.id());
                st.setInt(4, rows);
                st.executeUpdate();
            }
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT id FROM " + table);
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    /**
     * Inserts {@code rows} copies of a message's author and signature into its room's table (the shared one or the
     * room's shard), with the bodies "copy 1", "copy 2", ... each followed by {@code padding} x's, one second apart
     * before now. The signatures do not match the bodies: a whole-room check has to look at every one.
     */
    public static void copies(MeshCore mesh, Room room, Message signed, int rows, int padding) throws SQLException {
        String table = room.isSharded() ? table(room) : "mesh.messages";
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement("INSERT INTO " + table + " (id, room_id, author_id, body,"
                        + " created_at, signature, original_id, original_room_id) SELECT g.id, ?, ?, 'copy ' || g.n"
                        + " || repeat('x', ?), now() - make_interval(secs => g.n), ?, g.id, ? FROM (SELECT"
                        + " gen_random_uuid() AS id, n FROM generate_series(1, ?) n) g")) {
            st.setObject(1, room.id());
            st.setObject(2, signed.authorId());
            st.setInt(3, padding);
            st.setBytes(4, signed.signature());
            st.setObject(5, room.id());
            st.setInt(6, rows);
            st.executeUpdate();
        }
    }

    /** The size of the room's message table, in bytes (without TOAST and indexes). */
    public static long tableBytes(MeshCore mesh, Room room) throws SQLException {
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT pg_relation_size(?::regclass)")) {
            st.setString(1, table(room));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String table(Room room) {
        if (!room.isSharded()) {
            throw new IllegalArgumentException("room " + room.slug() + " has no shard of its own");
        }
        return RoomIds.shardSchema(room.id()) + ".messages";
    }
}
