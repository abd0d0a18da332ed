package dev.meshrooms.core.routing;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.media.MediaItem;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;

/** {@link RoomSnapshot} inside a REPEATABLE READ transaction of a {@link PostgresRoomStore}; COPY streams rows out. */
final class PostgresRoomSnapshot implements RoomSnapshot {
    private final Connection connection;
    private final RoomRoute route;
    private final String messages;
    private final String media;

    PostgresRoomSnapshot(Connection connection, RoomRoute route, String messages, String media) {
        this.connection = connection;
        this.route = route;
        this.messages = messages;
        this.media = media;
    }

    @Override
    public long copyMessages(OutputStream out) {
        return copy("SELECT " + String.join(", ", MESSAGE_COLUMNS) + " FROM " + messages
                + " WHERE room_id = '" + route.roomId() + "' ORDER BY created_at, id", out);
    }

    @Override
    public long copyMedia(OutputStream out) {
        return copy("SELECT " + String.join(", ", MEDIA_COLUMNS) + " FROM " + media
                + " WHERE room_id = '" + route.roomId() + "' ORDER BY created_at, id", out);
    }

    private long copy(String query, OutputStream out) {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT", out);
        } catch (SQLException e) {
            throw Transactions.translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<MediaItem> media() {
        try (PreparedStatement st = connection.prepareStatement("SELECT " + String.join(", ", MEDIA_COLUMNS) + " FROM "
                + media + " WHERE room_id = ? ORDER BY created_at, id")) {
            st.setObject(1, route.roomId());
            List<MediaItem> items = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    items.add(new MediaItem(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getBytes(8)));
                }
            }
            return items;
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
    }

    @Override
    public Set<UUID> authorIds() {
        try (PreparedStatement st = connection.prepareStatement("SELECT DISTINCT author_id FROM " + messages + " WHERE room_id = ?")) {
            st.setObject(1, route.roomId());
            Set<UUID> ids = new LinkedHashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
    }
}
