package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.WriteBehindOutputStream;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.RoomMedia;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.store.RoomDirectory;
import dev.meshrooms.core.store.UserDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Exports a room as a bundle ({@code room_<id>.tar.zst}), streaming: rows come from one REPEATABLE READ snapshot
 * through COPY into db.sql (a big room's messages in parts read at the same time by several connections on that
 * snapshot), compressed as it is written into temp files ({@link CompressedSpool}: its hash goes into metadata.json,
 * the first entry, and its frames into the archive unchanged); media of a remote store are fetched from the
 * store ahead of the archive by a few parallel GETs into a bounded buffer ({@link MediaPrefetch}, started while db.sql
 * is written), those of a store on this machine's disk by one thread reading and hashing them ahead into a few reused
 * blocks ({@link MediaReadAhead}); either way they go into the archive in the snapshot's order, their hashes checked.
 */
public final class RoomExporter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoomExporter.class);
    /** Parallel GETs ahead of the archive: the store's latency, not its bandwidth, bounds one GET at a time. */
    private static final int PREFETCH_THREADS = 8;

    private static final int PREFETCH_BUFFER = 32 << 20;
    /**
     * Parts the messages of a big room are read in at the same time, one per two cores (up to four): each part keeps
     * a PostgreSQL backend and a thread here making its text busy; the parts after the first are hashed after it, one
     * after the other (decompressed from their spool). On two cores one part measured faster than two.
     */
    static final int COPY_PARTS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

    private final RoomDirectory rooms;
    private final UserDirectory users;
    private final RoomStores stores;
    private final RoomMedia media;
    private final MediaStore store;
    private final SourceInstance source;
    private final ObjectMapper json;
    private final Clock clock;
    private int copyParts = COPY_PARTS;

    public RoomExporter(
            RoomDirectory rooms,
            UserDirectory users,
            RoomStores stores,
            RoomMedia media,
            MediaStore store,
            SourceInstance source,
            ObjectMapper json,
            Clock clock) {
        this.rooms = rooms;
        this.users = users;
        this.stores = stores;
        this.media = media;
        this.store = store;
        this.source = source;
        this.json = json;
        this.clock = clock;
    }

    /** Makes this exporter read a big room's messages in {@code parts} parts (tests: more than this machine's cores call for). */
    RoomExporter withCopyParts(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, got " + parts);
        }
        this.copyParts = parts;
        return this;
    }

    /** Writes the bundle of a room to {@code out}; {@code out} is not closed. */
    public BundleMetadata export(UUID roomId, OutputStream out, ProgressListener progress) {
        Room room = rooms.findById(roomId).orElseThrow(() -> MeshException.roomNotFound(roomId.toString()));
        MediaPrefetch[] prefetch = new MediaPrefetch[1];
        MediaReadAhead readAhead = null;
        long start = System.nanoTime();
        try (CompressedSpool dbSql = new CompressedSpool("mesh-export-", BundleWriter.workers(), copyParts)) {
            progress.onProgress(new Progress("database", 0, -1, 0, -1));
            Snapshot snap = stores.forRoom(room).snapshot(s -> {
                List<MediaItem> fetching = null;
                if (!store.readsLocalFiles()) {
                    // media start arriving while the rows stream into db.sql (same snapshot, bounded buffer)
                    fetching = s.media();
                    prefetch[0] = new MediaPrefetch(
                            store,
                            media.bucketFor(room),
                            m -> media.storageKey(room, m.objectKey()),
                            fetching,
                            PREFETCH_THREADS,
                            PREFETCH_BUFFER);
                }
                long messages = DbSqlWriter.write(room.id(), room.slug(), s, dbSql.parts());
                finish(dbSql); // the parts after the first are hashed meanwhile, beside the queries that follow
                return new Snapshot(messages, fetching != null ? fetching : s.media(), s.authorIds());
            });
            if (store.readsLocalFiles()) {
                // the first objects are read while the metadata is made and db.sql goes into the archive
                readAhead = new MediaReadAhead(
                        snap.media(), m -> store.open(media.bucketFor(room), media.storageKey(room, m.objectKey())));
            }
            long rowsDone = System.nanoTime();
            BundleMetadata metadata = metadata(room, snap, dbSql);
            long dbSize = dbSql.size();
            byte[] metadataBytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata);
            long mediaTotal = snap.media().stream().mapToLong(MediaItem::size).sum();
            long bytesTotal = metadataBytes.length + dbSize + mediaTotal;
            long mediaStart;
            // the system calls of writing out run on a thread of their own, beside the archive's work
            try (WriteBehindOutputStream behind = new WriteBehindOutputStream(out, 4, 1 << 20);
                    BundleWriter writer = new BundleWriter(behind, Instant.now(clock))) {
                writer.add(BundleNames.METADATA, metadataBytes.length, new java.io.ByteArrayInputStream(metadataBytes));
                writer.addCompressed(BundleNames.DB_SQL, dbSql);
                mediaStart = System.nanoTime();
                long bytes = metadataBytes.length + dbSize;
                progress.onProgress(new Progress("media", 0, snap.media().size(), bytes, bytesTotal));
                List<MediaItem> items = snap.media();
                for (int i = 0; i < items.size(); i++) {
                    MediaItem item = items.get(i);
                    if (readAhead != null) {
                        MediaReadAhead from = readAhead;
                        int index = i;
                        writer.add(
                                BundleNames.MEDIA_PREFIX + item.objectKey(),
                                item.size(),
                                tar -> from.transferNext(index, tar));
                    } else {
                        writeFetched(writer, room, item, prefetch[0], i);
                    }
                    bytes += item.size();
                    progress.onProgress(new Progress("media", i + 1, items.size(), bytes, bytesTotal));
                }
            }
            progress.onProgress(new Progress("done", 1, 1, bytesTotal, bytesTotal));
            long end = System.nanoTime();
            LOG.info(
                    "exported room {}: {} messages, {} media, {} bytes of content in {} ms (rows {} ms, metadata and db.sql {} ms,"
                            + " media {} ms)",
                    room.slug(),
                    snap.messages(),
                    snap.media().size(),
                    bytesTotal,
                    (end - start) / 1_000_000,
                    (rowsDone - start) / 1_000_000,
                    (mediaStart - rowsDone) / 1_000_000,
                    (end - mediaStart) / 1_000_000);
            return metadata;
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new MeshException(
                    ErrorCode.INTERNAL,
                    "exporting room " + room.slug() + " failed while writing: " + cause.getMessage()
                            + " (disk full, or the download was cancelled?)",
                    cause);
        } finally {
            if (prefetch[0] != null) {
                prefetch[0].close();
            }
            if (readAhead != null) {
                readAhead.close();
            }
        }
    }

    /** An object fetched ahead over the store's API, or, if large, streamed from it now. */
    private void writeFetched(BundleWriter writer, Room room, MediaItem item, MediaPrefetch prefetch, int index)
            throws IOException {
        byte[] fetched = prefetch.take(index);
        if (fetched == null) {
            writeMedia(writer, room, item);
            return;
        }
        writer.add(BundleNames.MEDIA_PREFIX + item.objectKey(), item.size(), new java.io.ByteArrayInputStream(fetched));
        prefetch.release(index);
    }

    /** An object streamed from the store, its hash checked on the way: a large one (over {@link MediaPrefetch#SMALL}). */
    private void writeMedia(BundleWriter writer, Room room, MediaItem item) throws IOException {
        MessageDigest sha = Hashing.sha256();
        try (InputStream in = new DigestInputStream(
                store.open(media.bucketFor(room), media.storageKey(room, item.objectKey())), sha)) {
            writer.add(BundleNames.MEDIA_PREFIX + item.objectKey(), item.size(), in);
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "media " + item.objectKey() + " of room " + room.slug()
                            + " could not be exported: " + e.getMessage()
                            + "; the store holds a different size than the database"
                            + " records",
                    e);
        }
        if (!java.util.Arrays.equals(sha.digest(), item.sha256())) {
            throw StoredMediaCheck.otherHash(item);
        }
    }

    private static void finish(CompressedSpool spool) {
        try {
            spool.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Snapshot(long messages, List<MediaItem> media, java.util.Set<UUID> authorIds) {}

    /** The bundle's metadata; db.sql's hash last, as its parts may still be being hashed. */
    private BundleMetadata metadata(Room room, Snapshot snap, CompressedSpool dbSql) throws IOException {
        Map<UUID, User> authors = users.findByIds(snap.authorIds());
        List<BundleMetadata.Author> authorList = new ArrayList<>();
        for (UUID id : snap.authorIds()) {
            User u = authors.get(id);
            if (u != null) {
                authorList.add(new BundleMetadata.Author(
                        u.id(), u.handle(), u.displayName(), Base64.getEncoder().encodeToString(u.publicKey())));
            }
        }
        List<BundleMetadata.Member> members = rooms.members(room.id()).entrySet().stream()
                .map(e -> new BundleMetadata.Member(e.getKey(), e.getValue().dbValue()))
                .toList();
        List<BundleMetadata.MediaFile> files = snap.media().stream()
                .map(m ->
                        new BundleMetadata.MediaFile(m.objectKey(), m.size(), Hashing.hex(m.sha256()), m.contentType()))
                .toList();
        return new BundleMetadata(
                BundleNames.FORMAT_VERSION,
                Migrations.ROOM_SCHEMA_VERSION,
                new BundleMetadata.RoomInfo(
                        room.id(), room.slug(), room.name(), room.visibility().dbValue(), room.createdAt()),
                new BundleMetadata.Source(source.url(), source.instanceId(), source.mediaHosts()),
                Instant.now(clock),
                new BundleMetadata.Counts(snap.messages(), files.size()),
                authorList,
                members,
                new BundleMetadata.FileInfo(dbSql.size(), Hashing.hex(dbSql.sha256())),
                files);
    }
}
