package dev.meshrooms.core.store.postgres;

import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.db.SqlWork;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageCursor;
import dev.meshrooms.core.model.RoomRoute;
import dev.meshrooms.core.store.RoomSnapshot;
import dev.meshrooms.core.store.RoomStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link RoomStore} on PostgreSQL. SQL is schema-qualified and every statement filters by the room id; for a shard
 * the transaction runs as the shard's own role ({@code SET LOCAL ROLE}), which has rights on that schema only.
 *
 * <p>While a move holds the room's write fence, the database turns writes away at once ({@code ROOM_BUSY}); a write
 * then gives its connection back, pauses a few milliseconds and tries again, for at most {@code fenceWait}. Waiting
 * without a connection keeps the pool free for other rooms and for reads, which the fence never blocks.
 */
public final class PostgresRoomStore implements RoomStore {
    private static final String INSERT_COLUMNS =
            "id, room_id, author_id, body, created_at, edited_at, reply_to, signature, original_id, original_room_id, signed_body";
    private static final String MESSAGE_COLUMNS = INSERT_COLUMNS + ", deleted_at, change_seq";
    private static final String MEDIA_COLUMNS =
            "id, room_id, message_id, object_key, url, content_type, size, sha256, width, height";
    /** First key of the room's change lock ("MSEQ"); the second is hashtext(room id). */
    private static final int CHANGE_LOCK = 0x4d534551;

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 100;
    private final DataSource dataSource;
    private final RoomRoute route;
    private final Duration fenceWait;
    private final String messages;
    private final String media;

    public PostgresRoomStore(DataSource dataSource, RoomRoute route) {
        this(dataSource, route, NO_WAIT);
    }

    public PostgresRoomStore(DataSource dataSource, RoomRoute route, Duration fenceWait) {
        this.dataSource = dataSource;
        this.route = route;
        this.fenceWait = fenceWait;
        String schema = Identifiers.quote(route.schema());
        this.messages = schema + ".messages";
        this.media = schema + ".media";
    }

    @Override
    public RoomRoute route() {
        return route;
    }

    /** Runs work in one transaction of this room: its schema's role set locally (tests probe the isolation with it). */
    public <T> T inRoomTransaction(SqlWork<T> work) {
        return Transactions.inTransaction(dataSource, route.role(), work);
    }

    /** A write: retried while a move's write fence turns it away, for at most {@code fenceWait}. */
    private <T> T inWriteTransaction(SqlWork<T> work) {
        long deadline = System.nanoTime() + fenceWait.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                return inRoomTransaction(work);
            } catch (MeshException e) {
                if (e.code() != ErrorCode.ROOM_BUSY || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MeshException(
                        ErrorCode.ROOM_BUSY,
                        "The write was interrupted while the room was switching places;" + " try again in a second.",
                        e);
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    @Override
    public Message insertMessage(Message m, Collection<UUID> attachments) {
        return inWriteTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO " + messages + " (" + INSERT_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setObject(1, m.id());
                st.setObject(2, route.roomId());
                st.setObject(3, m.authorId());
                st.setString(4, m.body());
                st.setTimestamp(5, Timestamp.from(m.createdAt()));
                st.setTimestamp(6, m.editedAt() == null ? null : Timestamp.from(m.editedAt()));
                st.setObject(7, m.replyTo());
                st.setBytes(8, m.signature());
                st.setObject(9, m.originalId());
                st.setObject(10, m.originalRoomId());
                st.setString(11, m.signedBody());
                st.executeUpdate();
            }
            if (!attachments.isEmpty()) {
                try (PreparedStatement st = c.prepareStatement("UPDATE " + media + " SET message_id = ?"
                        + " WHERE room_id = ? AND id = ANY (?) AND message_id IS NULL")) {
                    st.setObject(1, m.id());
                    st.setObject(2, route.roomId());
                    st.setArray(3, c.createArrayOf("uuid", attachments.toArray()));
                    if (st.executeUpdate() != attachments.size()) {
                        throw MeshException.invalid(
                                "media",
                                "names an upload that is not waiting in room " + route.roomId()
                                        + " (sent already, removed, or never uploaded here); upload the file again");
                    }
                }
            }
            return m;
        });
    }

    /**
     * Numbers the room's writes not numbered yet, oldest first, after the room's newest number, in one transaction
     * under the room's lock ({@code pg_advisory_xact_lock}, held to its commit, taken by a statement of its own so
     * that the next reads every number taken before): numbers become visible in their order. Writes never take it.
     */
    @Override
    public int numberChanges() {
        return Transactions.inTransaction(dataSource, route.role(), c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT 1 FROM " + messages + " WHERE room_id = ? AND change_seq IS NULL LIMIT 1")) {
                st.setObject(1, route.roomId());
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return 0; // nothing to number: no lock, nothing written
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(" + CHANGE_LOCK
                    + ", hashtext(?::text)); UPDATE " + messages + " m SET change_seq = n.seq FROM (SELECT id,"
                    + " (SELECT coalesce(max(change_seq), 0) FROM " + messages
                    + " WHERE room_id = ? AND change_seq > 0) + row_number() OVER (ORDER BY created_at, id) AS seq"
                    + " FROM " + messages + " WHERE room_id = ? AND change_seq IS NULL) n"
                    + " WHERE m.room_id = ? AND m.id = n.id")) {
                st.setString(1, route.roomId().toString());
                st.setObject(2, route.roomId());
                st.setObject(3, route.roomId());
                st.setObject(4, route.roomId());
                st.execute();
                st.getMoreResults();
                return Math.max(0, st.getUpdateCount());
            }
        });
    }

    @Override
    public Optional<Message> deleteMessage(UUID id, Instant deletedAt, List<MediaItem> removedMedia) {
        return inWriteTransaction(c -> {
            removedMedia.clear();
            try (PreparedStatement st = c.prepareStatement(
                    "DELETE FROM " + media + " WHERE room_id = ? AND message_id = ? RETURNING " + MEDIA_COLUMNS)) {
                st.setObject(1, route.roomId());
                st.setObject(2, id);
                removedMedia.addAll(readMedia(st));
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE " + messages
                    + " SET body = '', signed_body = NULL, signature = NULL, deleted_at = ?, change_seq = NULL"
                    + " WHERE room_id = ? AND id = ? AND deleted_at IS NULL RETURNING " + MESSAGE_COLUMNS)) {
                st.setTimestamp(1, Timestamp.from(deletedAt));
                st.setObject(2, route.roomId());
                st.setObject(3, id);
                return readMessages(st).stream().findFirst();
            }
        });
    }

    @Override
    public Page changesSince(long after, int limit) {
        return inRoomTransaction(c -> {
            List<Message> changed;
            try (PreparedStatement st = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM " + messages
                    + " WHERE room_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?")) {
                st.setObject(1, route.roomId());
                st.setLong(2, Math.max(0, after));
                st.setInt(3, limit);
                changed = readMessages(st);
            }
            return new Page(
                    changed,
                    changed.isEmpty()
                            ? List.of()
                            : selectMedia(c, changed.stream().map(Message::id).toList()));
        });
    }

    @Override
    public long lastChange() {
        return inRoomTransaction(c -> single(
                c, "SELECT coalesce(max(change_seq), 0) FROM " + messages + " WHERE room_id = ? AND change_seq > 0"));
    }

    @Override
    public List<Message> fetchMessages(MessageCursor before, int limit) {
        return inRoomTransaction(c -> selectMessages(c, before, limit));
    }

    /**
     * The hot read path. For a shard, the role switch and the first query are one statement ({@code SET LOCAL ROLE
     * ...; SELECT ...}), sent in one round trip. That holds only while every parameter of the {@code SELECT} goes with
     * its type ({@link #bindMessages}): a parameter of unknown type makes pgjdbc describe the statement when it prepares
     * it on the server (from the fifth execution), and from then on it sends a Sync and waits for the switch's answer
     * before the {@code SELECT} (its guard against full socket buffers, for any later part of a statement whose rows it
     * cannot bound) — a round trip more for every page.
     */
    @Override
    public Page fetchPage(MessageCursor before, int limit) {
        return Transactions.inTransaction(dataSource, null, c -> {
            List<Message> page;
            String sql = messagesSql(before);
            boolean switchRole = route.role() != null;
            try (PreparedStatement st = c.prepareStatement(
                    switchRole ? "SET LOCAL ROLE " + Identifiers.quote(route.role()) + "; " + sql : sql)) {
                bindMessages(st, before, limit);
                if (switchRole) {
                    st.execute();
                    if (!st.getMoreResults()) {
                        throw new SQLException("the page query returned no rows after the role switch");
                    }
                }
                page = new ArrayList<>();
                try (ResultSet rs = switchRole ? st.getResultSet() : st.executeQuery()) {
                    while (rs.next()) {
                        page.add(readMessage(rs));
                    }
                }
            }
            return new Page(
                    page,
                    page.isEmpty()
                            ? List.of()
                            : selectMedia(c, page.stream().map(Message::id).toList()));
        });
    }

    private List<Message> selectMessages(Connection c, MessageCursor before, int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(messagesSql(before))) {
            bindMessages(st, before, limit);
            return readMessages(st);
        }
    }

    private String messagesSql(MessageCursor before) {
        return "SELECT " + MESSAGE_COLUMNS + " FROM " + messages + " WHERE room_id = ?"
                + (before == null ? "" : " AND (created_at, id) < (?, ?)")
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
    }

    /** Binds every parameter with its type (uuid, timestamptz, int4): see {@link #fetchPage}. */
    private void bindMessages(PreparedStatement st, MessageCursor before, int limit) throws SQLException {
        int i = 1;
        st.setObject(i++, route.roomId());
        if (before != null) {
            st.setObject(i++, OffsetDateTime.ofInstant(before.createdAt(), ZoneOffset.UTC)); // timestamptz
            st.setObject(i++, before.id());
        }
        st.setInt(i, limit);
    }

    @Override
    public Optional<Message> findMessage(UUID id) {
        return inRoomTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT " + MESSAGE_COLUMNS + " FROM " + messages + " WHERE room_id = ? AND id = ?")) {
                st.setObject(1, route.roomId());
                st.setObject(2, id);
                return readMessages(st).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<Message> updateBody(UUID id, String body, Instant editedAt, byte[] signature) {
        return inWriteTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE " + messages
                    + " SET body = ?, edited_at = ?, signature = ?, signed_body = NULL, change_seq = NULL"
                    + " WHERE room_id = ? AND id = ? AND deleted_at IS NULL RETURNING " + MESSAGE_COLUMNS)) {
                st.setString(1, body);
                st.setTimestamp(2, Timestamp.from(editedAt));
                st.setBytes(3, signature);
                st.setObject(4, route.roomId());
                st.setObject(5, id);
                return readMessages(st).stream().findFirst();
            }
        });
    }

    @Override
    public long countMessages() {
        return inRoomTransaction(
                c -> single(c, "SELECT count(*) FROM " + messages + " WHERE room_id = ? AND deleted_at IS NULL"));
    }

    @Override
    public void forEachMessage(Consumer<Message> consumer) {
        inRoomTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM " + messages
                    + " WHERE room_id = ? AND deleted_at IS NULL ORDER BY created_at, id")) {
                st.setFetchSize(1000);
                st.setObject(1, route.roomId());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(readMessage(rs));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void insertMedia(MediaItem m) {
        inWriteTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO " + media + " (" + MEDIA_COLUMNS + ")" + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setObject(1, m.id());
                st.setObject(2, route.roomId());
                st.setObject(3, m.messageId());
                st.setString(4, m.objectKey());
                st.setString(5, m.url());
                st.setString(6, m.contentType());
                st.setLong(7, m.size());
                st.setBytes(8, m.sha256());
                st.setObject(9, m.width());
                st.setObject(10, m.height());
                st.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<MediaItem> deleteUnsentMedia(Instant before) {
        return inWriteTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + media
                    + " WHERE room_id = ? AND message_id IS NULL AND created_at < ? RETURNING " + MEDIA_COLUMNS)) {
                st.setObject(1, route.roomId());
                st.setTimestamp(2, Timestamp.from(before));
                return readMedia(st);
            }
        });
    }

    @Override
    public Optional<MediaItem> findMediaByKey(String objectKey) {
        return inRoomTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT " + MEDIA_COLUMNS + " FROM " + media + " WHERE room_id = ? AND object_key = ?")) {
                st.setObject(1, route.roomId());
                st.setString(2, objectKey);
                return readMedia(st).stream().findFirst();
            }
        });
    }

    @Override
    public List<MediaItem> mediaForMessages(Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        return inRoomTransaction(c -> selectMedia(c, messageIds));
    }

    private List<MediaItem> selectMedia(Connection c, Collection<UUID> messageIds) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + MEDIA_COLUMNS + " FROM " + media
                + " WHERE room_id = ? AND message_id = ANY (?) ORDER BY created_at, object_key")) {
            st.setObject(1, route.roomId());
            st.setArray(2, c.createArrayOf("uuid", messageIds.toArray()));
            return readMedia(st);
        }
    }

    @Override
    public long mediaBytes() {
        return inRoomTransaction(c -> single(c, "SELECT coalesce(sum(size), 0) FROM " + media + " WHERE room_id = ?"));
    }

    @Override
    public long rowBytes() {
        return inRoomTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT (SELECT coalesce(sum(pg_column_size(m.*)), 0) FROM "
                    + messages + " m WHERE room_id = ?) + (SELECT coalesce(sum(pg_column_size(d.*)), 0) FROM " + media
                    + " d WHERE room_id = ?)")) {
                st.setObject(1, route.roomId());
                st.setObject(2, route.roomId());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public <T> T snapshot(java.util.function.Function<RoomSnapshot, T> work) {
        return inRoomTransaction(c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            return work.apply(new PostgresRoomSnapshot(c, dataSource, route, messages, media));
        });
    }

    private long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, route.roomId());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<Message> readMessages(PreparedStatement st) throws SQLException {
        List<Message> result = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                result.add(readMessage(rs));
            }
        }
        return result;
    }

    private static Message readMessage(ResultSet rs) throws SQLException {
        return new Message(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                instant(rs.getTimestamp(5)),
                instant(rs.getTimestamp(6)),
                rs.getObject(7, UUID.class),
                rs.getBytes(8),
                rs.getObject(9, UUID.class),
                rs.getObject(10, UUID.class),
                rs.getString(11),
                instant(rs.getTimestamp(12)),
                rs.getLong(13));
    }

    private static List<MediaItem> readMedia(PreparedStatement st) throws SQLException {
        List<MediaItem> result = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                result.add(mediaItem(rs));
            }
        }
        return result;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /** A media row as the media queries select it: id, room, message, key, url, type, size, sha256, width, height. */
    static MediaItem mediaItem(ResultSet rs) throws SQLException {
        return new MediaItem(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getBytes(8),
                (Integer) rs.getObject(9),
                (Integer) rs.getObject(10));
    }
}
