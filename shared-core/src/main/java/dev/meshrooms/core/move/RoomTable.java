package dev.meshrooms.core.move;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.store.RoomSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A room-scoped table as a move copies it: its columns and the keyset it is copied in (an index with the room id
 * first serves it, so a room's batches never scan other rooms' rows in the shared schema).
 *
 * @param keyset        columns of the keyset order
 * @param keysetColumns their positions in {@link #columns}
 * @param keysetTypes   their SQL types, to compare a checkpoint with
 */
record RoomTable(
        String name, List<String> columns, List<String> keyset, List<Integer> keysetColumns, List<String> keysetTypes) {
    static final RoomTable MESSAGES = new RoomTable(
            "messages",
            java.util.stream.Stream.concat(
                            RoomSnapshot.MESSAGE_COLUMNS.stream(),
                            java.util.stream.Stream.of("deleted_at", "change_seq"))
                    .toList(),
            List.of("created_at", "id"),
            List.of(4, 0),
            List.of("timestamptz", "uuid"));
    static final RoomTable MEDIA = new RoomTable(
            "media",
            List.of(
                    "id",
                    "room_id",
                    "message_id",
                    "object_key",
                    "url",
                    "content_type",
                    "size",
                    "sha256",
                    "created_at",
                    "width",
                    "height"),
            List.of("object_key"),
            List.of(3),
            List.of("text"));
    /** Media rows reference messages, so messages go first. */
    static final List<RoomTable> IN_ORDER = List.of(MESSAGES, MEDIA);

    /**
     * Checks that the table at a place has exactly these columns, so a room migration that adds one cannot make a
     * move drop it silently: the move stops and says which list to update.
     */
    void checkColumns(Connection c, String schema) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            st.setString(1, schema);
            st.setString(2, name);
            List<String> actual = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    actual.add(rs.getString(1));
                }
            }
            if (!new java.util.HashSet<>(actual).equals(new java.util.HashSet<>(columns))) {
                throw new MeshException(
                        ErrorCode.INTERNAL,
                        schema + "." + name + " has columns " + actual + " but a room move" + " copies " + columns
                                + "; update RoomTable after a room migration");
            }
        }
    }

    String columnList() {
        return String.join(", ", columns);
    }

    /** {@code (a, b) > ('x'::t1, 'y'::t2)}, or true when nothing was copied yet. */
    String after(List<String> checkpoint) {
        if (checkpoint == null) {
            return "true";
        }
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < keyset.size(); i++) {
            values.append(i == 0 ? "" : ", ")
                    .append(quote(checkpoint.get(i)))
                    .append("::")
                    .append(keysetTypes.get(i));
        }
        return "(" + String.join(", ", keyset) + ") > (" + values + ")";
    }

    String orderBy() {
        return String.join(", ", keyset);
    }

    /** Upsert of staged rows: every column but the id takes the staged value. */
    String onConflictUpdate() {
        StringBuilder set = new StringBuilder();
        for (String column : columns) {
            if (!column.equals("id")) {
                set.append(set.length() == 0 ? "" : ", ")
                        .append(column)
                        .append(" = EXCLUDED.")
                        .append(column);
            }
        }
        return "ON CONFLICT (id) DO UPDATE SET " + set;
    }

    /** A standard SQL string literal (quotes doubled; standard_conforming_strings is on since PostgreSQL 9.1). */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
