package dev.meshrooms.core.bundle;

import dev.meshrooms.core.db.CopyText;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The dry run's sink: the checks an import makes of the rows in its staging schema ({@link ImportTranslation}), made
 * while the rows stream past, so that a dry run refuses what an import would: every message and media row of the
 * bundle's room, every author among metadata.json's, every media row's file listed there, no id twice, every media
 * row's message in db.sql. Ids are kept in compact sets, {@value #MAX_IDS} at most in all (a table of ~70 MiB, ~100 MiB
 * while it doubles); past that the checks of repeated ids and of the media rows' messages are left to the import, and
 * {@link #partial()} says so. Given an instance to ask ({@link TakenIds}), it also counts the message and media ids
 * that instance holds already, which an import there would give new ones.
 */
final class RowChecks implements BundleScan.Sink {
    static final int MAX_IDS = 1 << 21;
    private static final int PROBE_BATCH = 10_000;
    private final int maxIds;
    private final TakenIds taken;
    private final List<UUID> messageBatch = new ArrayList<>();
    private final List<UUID> mediaBatch = new ArrayList<>();
    private long messageIdsTaken;
    private long mediaIdsTaken;
    private BundleMetadata metadata;
    private final UuidSet authors = new UuidSet();
    private final Set<String> keys = new HashSet<>();
    private final UuidSet messageIds = new UuidSet();
    private final UuidSet mediaIds = new UuidSet();
    private final UuidSet mediaMessages = new UuidSet();
    private long roomHigh;
    private long roomLow;
    private boolean partial;

    /** Which of some ids an instance's messages or media hold already: the ids an import there would translate. */
    interface TakenIds {
        long count(String table, List<UUID> ids);
    }

    /** Checks only: no instance to ask. */
    RowChecks() {
        this(MAX_IDS, null);
    }

    /** Checks, and counts the ids {@code taken} says an import would have to translate (each id asked once, in batches). */
    RowChecks(int maxIds, TakenIds taken) {
        this.maxIds = maxIds;
        this.taken = taken;
    }

    long messageIdsTaken() {
        return messageIdsTaken;
    }

    long mediaIdsTaken() {
        return mediaIdsTaken;
    }

    /** Why some checks were left to the import (too many ids to keep), or null when all were made. */
    String partial() {
        return partial
                ? "more than " + maxIds + " ids: repeated ids and media rows' messages past them are checked by the"
                        + " import only"
                : null;
    }

    @Override
    public void metadata(BundleMetadata metadata) {
        this.metadata = metadata;
        roomHigh = metadata.room().id().getMostSignificantBits();
        roomLow = metadata.room().id().getLeastSignificantBits();
        for (BundleMetadata.Author author : metadata.authors()) {
            authors.add(author.id().getMostSignificantBits(), author.id().getLeastSignificantBits());
        }
        metadata.media().forEach(f -> keys.add(f.key()));
    }

    @Override
    public DbSqlReader.CopyTarget copyTarget() {
        return (table, columns) -> RoomTables.MEDIA.equals(table) ? new MediaRows(columns) : new MessageRows(columns);
    }

    /** All rows are in: every media row's message must have been among them. */
    @Override
    public void databaseLoaded(BundleMetadata metadata) {
        probe(RoomTables.MESSAGES, messageBatch, 1);
        probe(RoomTables.MEDIA, mediaBatch, 1);
        if (partial || mediaMessages.size() == 0) {
            return;
        }
        long[] missing = {0};
        mediaMessages.forEach((high, low) -> {
            if (!messageIds.contains(high, low)) {
                missing[0]++;
            }
        });
        if (missing[0] > 0) {
            throw BundleException.invalid(
                    BundleNames.DB_SQL,
                    "media rows belong to messages that are not in db.sql (" + missing[0] + " such messages)");
        }
    }

    @Override
    public void media(BundleMetadata.MediaFile file, InputStream content) {}

    /** Asks for the batch's ids once it holds {@code atLeast}; an import translates those taken. */
    private void probe(String table, List<UUID> batch, int atLeast) {
        if (taken == null || batch.isEmpty() || batch.size() < atLeast) {
            return;
        }
        long n = taken.count(table, batch);
        if (RoomTables.MESSAGES.equals(table)) {
            messageIdsTaken += n;
        } else {
            mediaIdsTaken += n;
        }
        batch.clear();
    }

    /** Remembers an id for a check across rows, unless the budget of ids is spent; false if it was there already. */
    private boolean remember(UuidSet set, long high, long low) {
        if (messageIds.size() + mediaIds.size() + mediaMessages.size() >= maxIds) {
            partial = true;
            return true;
        }
        return set.add(high, low);
    }

    /** The rows of one COPY block: field offsets of each row, and its number for messages. */
    private abstract class Rows implements DbSqlReader.RowSink {
        final String table;
        final int[] starts;
        final int[] ends;
        long row;

        Rows(String table, List<String> columns) {
            this.table = table;
            this.starts = new int[columns.size()];
            this.ends = new int[columns.size()];
        }

        @Override
        public void row(byte[] line, int length) {
            row++;
            int field = 0;
            starts[0] = 0;
            for (int i = 0; i < length; i++) {
                if (line[i] == '\t') {
                    ends[field++] = i;
                    starts[field] = i + 1;
                }
            }
            ends[field] = length;
            check(line);
        }

        abstract void check(byte[] line);

        @Override
        public void end() {}

        /** The uuid in field {@code f}; null for \N. */
        long[] uuid(byte[] line, int f, String column, long[] into) {
            if (CopyText.isNull(line, starts[f], ends[f])) {
                return null;
            }
            if (!CopyText.uuid(line, starts[f], ends[f], into)) {
                throw BundleException.invalid(
                        BundleNames.DB_SQL,
                        "row " + row + " of the COPY data of " + table + ": " + column + " is not a uuid");
            }
            return into;
        }

        /** The row's id: present, not seen before in the table, and put in the batch to ask whether it is taken here. */
        void requireNewId(byte[] line, int f, String noun, UuidSet seen, List<UUID> batch, long[] id) {
            if (uuid(line, f, "id", id) == null) {
                throw BundleException.invalid(
                        BundleNames.DB_SQL, "row " + row + " of the COPY data of " + table + " has no id");
            }
            if (!remember(seen, id[0], id[1])) {
                throw BundleException.invalid(
                        BundleNames.DB_SQL,
                        noun + " id " + new UUID(id[0], id[1]) + " appears more than once in the COPY data of "
                                + table);
            }
            if (taken != null) {
                batch.add(new UUID(id[0], id[1]));
                probe(table, batch, PROBE_BATCH);
            }
        }

        void requireRoom(byte[] line, int f, long[] id) {
            if (uuid(line, f, "room_id", id) == null || id[0] != roomHigh || id[1] != roomLow) {
                throw BundleException.invalid(
                        BundleNames.DB_SQL,
                        "row " + row + " of the COPY data of " + table
                                + " belongs to another room than metadata.json room.id "
                                + metadata.room().id());
            }
        }
    }

    private final class MessageRows extends Rows {
        private final int id;
        private final int room;
        private final int author;
        private final long[] uuid = new long[2];

        MessageRows(List<String> columns) {
            super(RoomTables.MESSAGES, columns);
            id = columns.indexOf("id");
            room = columns.indexOf("room_id");
            author = columns.indexOf("author_id");
        }

        @Override
        void check(byte[] line) {
            requireRoom(line, room, uuid);
            if (uuid(line, author, "author_id", uuid) == null || !authors.contains(uuid[0], uuid[1])) {
                throw BundleException.invalid(
                        BundleNames.DB_SQL,
                        "messages by author " + CopyText.text(line, starts[author], ends[author])
                                + ", who is not among metadata.json authors");
            }
            requireNewId(line, id, "message", messageIds, messageBatch, uuid);
        }
    }

    private final class MediaRows extends Rows {
        private final int id;
        private final int room;
        private final int message;
        private final int key;
        private final long[] uuid = new long[2];

        MediaRows(List<String> columns) {
            super(RoomTables.MEDIA, columns);
            id = columns.indexOf("id");
            room = columns.indexOf("room_id");
            message = columns.indexOf("message_id");
            key = columns.indexOf("object_key");
        }

        @Override
        void check(byte[] line) {
            requireRoom(line, room, uuid);
            String objectKey = CopyText.unescape(line, starts[key], ends[key]);
            if (!keys.contains(objectKey)) {
                throw BundleException.invalid(
                        BundleNames.DB_SQL,
                        "media row with object_key " + BundleReader.quote(objectKey)
                                + " has no file listed in metadata.json");
            }
            requireNewId(line, id, "media", mediaIds, mediaBatch, uuid);
            if (message >= 0 && uuid(line, message, "message_id", uuid) != null) {
                remember(mediaMessages, uuid[0], uuid[1]);
            }
        }
    }
}
