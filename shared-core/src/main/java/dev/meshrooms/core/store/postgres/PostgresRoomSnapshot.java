package dev.meshrooms.core.store.postgres;

import dev.meshrooms.core.db.PoolState;
import dev.meshrooms.core.db.SharedSnapshots;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.RoomRoute;
import dev.meshrooms.core.store.RoomSnapshot;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * {@link RoomSnapshot} inside a REPEATABLE READ transaction of a {@link PostgresRoomStore}; COPY streams rows out. The
 * messages come as binary rows and are made into COPY's text here ({@link BinaryCopyText}): PostgreSQL's text output
 * functions were most of an export's time. A big message table of a shard is read in parts by several connections at
 * once ({@code pg_export_snapshot}: all on the same snapshot), since one COPY keeps one PostgreSQL backend busy, one core.
 */
final class PostgresRoomSnapshot implements RoomSnapshot {
    /** Below this size of the room's message table one COPY is about as quick as parts, and keeps the rows oldest first. */
    static final long SPLIT_MIN_BYTES = 8L << 20;
    /** The types of {@link #MESSAGE_COLUMNS}, as {@link BinaryCopyText} reads them. */
    private static final List<BinaryCopyText.Type> MESSAGE_TYPES = List.of(
            BinaryCopyText.Type.UUID,
            BinaryCopyText.Type.UUID,
            BinaryCopyText.Type.UUID,
            BinaryCopyText.Type.TEXT,
            BinaryCopyText.Type.TIMESTAMPTZ,
            BinaryCopyText.Type.TIMESTAMPTZ,
            BinaryCopyText.Type.UUID,
            BinaryCopyText.Type.BYTEA,
            BinaryCopyText.Type.UUID,
            BinaryCopyText.Type.UUID,
            BinaryCopyText.Type.TEXT);
    /**
     * The message columns, each cast to the type it is read as, {@code id::uuid, …}: no-ops while the tables have these
     * types; after a change of type PostgreSQL converts the values or fails the COPY, rather than the bytes being misread.
     */
    private static final String MESSAGE_SELECT = selectList();

    private static final int AUTHOR_COLUMN = MESSAGE_COLUMNS.indexOf("author_id");
    private final Connection connection;
    private final DataSource dataSource;
    private final RoomRoute route;
    private final String messages;
    private final String media;
    /** The authors of the messages, once {@link #copyMessages} has read them all. */
    private Set<UUID> copiedAuthors;

    PostgresRoomSnapshot(Connection connection, DataSource dataSource, RoomRoute route, String messages, String media) {
        this.connection = connection;
        this.dataSource = dataSource;
        this.route = route;
        this.messages = messages;
        this.media = media;
    }

    private static String selectList() {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < MESSAGE_COLUMNS.size(); i++) {
            columns.add(MESSAGE_COLUMNS.get(i) + "::" + MESSAGE_TYPES.get(i).sql());
        }
        return String.join(", ", columns);
    }

    @Override
    public long copyMessages(List<OutputStream> parts) {
        List<String> ranges = ranges(parts.size());
        if (ranges.size() == 1) {
            DistinctUuids authors = new DistinctUuids();
            long rows = copyMessages(
                    connection,
                    "SELECT " + MESSAGE_SELECT + " FROM " + messages + " WHERE room_id = '" + route.roomId()
                            + "' AND deleted_at IS NULL ORDER BY created_at, id",
                    parts.get(0),
                    authors);
            copiedAuthors = authors.toSet();
            return rows;
        }
        String snapshot = exportSnapshot();
        List<CompletableFuture<Long>> helpers = new ArrayList<>();
        List<DistinctUuids> authors = new ArrayList<>();
        authors.add(new DistinctUuids());
        for (int i = 1; i < ranges.size(); i++) {
            String query = rangeQuery(ranges.get(i));
            OutputStream out = parts.get(i);
            DistinctUuids partAuthors = new DistinctUuids();
            authors.add(partAuthors);
            CompletableFuture<Long> rows = new CompletableFuture<>();
            Thread helper = new Thread(
                    () -> {
                        try {
                            rows.complete(copyBeside(snapshot, query, out, partAuthors));
                        } catch (Throwable e) {
                            rows.completeExceptionally(e);
                        }
                    },
                    "mesh-export-copy-" + i);
            helper.setDaemon(true);
            helper.start();
            helpers.add(rows);
        }
        RuntimeException failure = null;
        long rows = 0;
        try {
            rows += copyMessages(connection, rangeQuery(ranges.get(0)), parts.get(0), authors.get(0));
        } catch (RuntimeException e) {
            failure = e;
        }
        // every helper is waited for, also after a failure: none writes into its part after this returns
        for (CompletableFuture<Long> helper : helpers) {
            try {
                rows += helper.join();
            } catch (CompletionException e) {
                RuntimeException cause =
                        e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        Set<UUID> all = new LinkedHashSet<>();
        authors.forEach(a -> a.addTo(all));
        copiedAuthors = all;
        return rows;
    }

    @Override
    public long copyMedia(OutputStream out) {
        return copy(
                connection,
                "SELECT " + String.join(", ", MEDIA_COLUMNS) + " FROM " + media + " WHERE room_id = '" + route.roomId()
                        + "' ORDER BY created_at, id",
                out);
    }

    /**
     * The ctid conditions of the parts to read the messages in: as many as wanted, connections are free in the pool
     * (one is this one) and the table is big enough; one (no condition) otherwise. Only for a table of the room's own
     * (a shard): in the shared table, a range of pages holds other rooms' rows, and the room's index reads it faster.
     */
    private List<String> ranges(int wanted) {
        int parts = route.sharded() ? Math.min(wanted, 1 + PoolState.freeConnections(dataSource)) : 1;
        if (parts <= 1) {
            return List.of("");
        }
        long pages;
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT pg_relation_size(?::regclass)," + " current_setting('block_size')::int")) {
            st.setString(1, messages);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (rs.getLong(1) < SPLIT_MIN_BYTES) {
                    return List.of("");
                }
                pages = rs.getLong(1) / rs.getInt(2);
            }
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            // the last part has no end: the table's pages were counted outside the snapshot, it may have grown since
            ranges.add((i == 0 ? "" : " AND ctid >= '(" + pages * i / parts + ",0)'::tid")
                    + (i == parts - 1 ? "" : " AND ctid < '(" + pages * (i + 1) / parts + ",0)'::tid"));
        }
        return ranges;
    }

    private String rangeQuery(String range) {
        return "SELECT " + MESSAGE_SELECT + " FROM " + messages + " WHERE room_id = '" + route.roomId()
                + "' AND deleted_at IS NULL" + range;
    }

    private String exportSnapshot() {
        try {
            return SharedSnapshots.export(connection);
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
    }

    /** A COPY on another connection of the pool, in a transaction on this one's snapshot (as the room's role). */
    private long copyBeside(String snapshot, String query, OutputStream out, DistinctUuids authors) {
        return Transactions.inTransaction(dataSource, route.role(), c -> {
            SharedSnapshots.join(c, snapshot, true);
            return copyMessages(c, query, out, authors);
        });
    }

    /**
     * The messages of {@code query} (selecting {@link #MESSAGE_SELECT}) in COPY's text format, made here from a
     * binary COPY: the backend's time is most of an export's, and binary rows take it a third of the text's.
     */
    private static long copyMessages(Connection c, String query, OutputStream out, DistinctUuids authors) {
        CopyOut copy = null;
        try {
            copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)");
            BinaryCopyText text = new BinaryCopyText(MESSAGE_TYPES, out).collectDistinct(AUTHOR_COLUMN, authors);
            for (byte[] data; (data = copy.readFromCopy()) != null; ) {
                text.accept(data);
            }
            text.finish();
            if (copy.getHandledRowCount() != text.rows()) {
                throw new IOException("PostgreSQL counted " + copy.getHandledRowCount()
                        + " rows in the messages' COPY, " + text.rows() + " arrived");
            }
            return text.rows();
        } catch (SQLException e) {
            throw Transactions.translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            cancel(copy);
        }
    }

    /** Ends a COPY left running by a failure, so that the connection can be used (and returned) again. */
    private static void cancel(CopyOut copy) {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the connection is broken: the pool will see it; the failure that got here is the one to report
            }
        }
    }

    private static long copy(Connection c, String query, OutputStream out) {
        try {
            return c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT", out);
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
                    items.add(PostgresRoomStore.mediaItem(rs));
                }
            }
            return items;
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
    }

    @Override
    public Set<UUID> authorIds() {
        if (copiedAuthors != null) {
            return copiedAuthors; // the authors of the rows copied, collected on the way: the same snapshot
        }
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT DISTINCT author_id FROM " + messages + " WHERE room_id = ? AND deleted_at IS NULL")) {
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
