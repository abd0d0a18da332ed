package dev.meshrooms.core.media;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.RewindableDigestInputStream;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.store.RoomDirectory;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A room's media: bytes in the room's bucket (its own once sharded, else the instance's), rows in the room's store.
 * Links handed to clients are stable server paths {@code /media/<roomId>/<objectKey>}, never object URLs; the server
 * redirects them to a fresh presigned URL.
 */
public final class RoomMedia {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern CONTENT_TYPE =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}");
    private final MediaStore store;
    private final RoomStores stores;
    private final RoomDirectory rooms;
    private final String defaultBucket;
    private final Duration presignTtl;
    private final MediaAdmission admission;

    /** @param admission asked before every attachment (the free tier's limit) */
    public RoomMedia(
            MediaStore store,
            RoomStores stores,
            RoomDirectory rooms,
            String defaultBucket,
            Duration presignTtl,
            MediaAdmission admission) {
        this.store = store;
        this.stores = stores;
        this.rooms = rooms;
        this.defaultBucket = defaultBucket;
        this.presignTtl = presignTtl;
        this.admission = admission;
    }

    /** The instance's shared bucket, where rooms without a bucket of their own keep their media. */
    public String sharedBucket() {
        return defaultBucket;
    }

    /** Where an object of a room that has no bucket of its own lies in the shared bucket. */
    public String sharedStorageKey(UUID roomId, String objectKey) {
        return roomId + "/" + objectKey;
    }

    public String bucketFor(Room room) {
        return room.mediaBucket() != null ? room.mediaBucket() : defaultBucket;
    }

    /**
     * Where an object of the room lies in its bucket: a room's own bucket holds its keys as they are; the shared
     * bucket prefixes them with the room id, so rooms never collide there.
     */
    public String storageKey(Room room, String objectKey) {
        return room.mediaBucket() != null ? objectKey : sharedStorageKey(room.id(), objectKey);
    }

    public static String localPath(UUID roomId, String objectKey) {
        return "/media/" + roomId + "/" + objectKey;
    }

    /** Uploads bytes for a message and records them; the SHA-256 is computed while streaming. */
    public MediaItem attach(
            Room room, UUID messageId, String fileName, String contentType, InputStream content, long size) {
        if (fileName == null || !SAFE_NAME.matcher(fileName).matches()) {
            throw MeshException.invalid("fileName", "use 1 to 100 letters, digits, dots, dashes or underscores");
        }
        admission.admit(room);
        UUID id = UUID.randomUUID();
        String key = id + "/" + fileName;
        String bucket = bucketFor(room);
        store.ensureBucket(bucket);
        // a retried upload reads the content again: the hash must be of the bytes stored, once
        RewindableDigestInputStream hashed = new RewindableDigestInputStream(content, sha256());
        boolean picture = contentType != null && contentType.startsWith("image/");
        ImageSize.Head head = picture ? new ImageSize.Head(hashed) : null;
        store.put(bucket, storageKey(room, key), picture ? head : hashed, size, contentType);
        ImageSize dimensions = picture ? head.size() : null;
        MediaItem item = new MediaItem(
                id,
                room.id(),
                messageId,
                key,
                localPath(room.id(), key),
                contentType,
                size,
                hashed.digest(),
                dimensions == null ? null : dimensions.width(),
                dimensions == null ? null : dimensions.height());
        try {
            stores.forRoom(room).insertMedia(item);
        } catch (MeshException e) {
            if (e.code() != ErrorCode.ROOM_MOVED) {
                store.delete(bucket, storageKey(room, key));
                throw e;
            }
            followMove(room, item);
        } catch (RuntimeException e) {
            store.delete(bucket, storageKey(room, key));
            throw e;
        }
        return item;
    }

    /**
     * Stores a file a member uploads before sending the message it goes with ({@link
     * dev.meshrooms.core.message.MessageService#send}): streamed into the room's bucket, hashed on the way, a picture's
     * size read from its header. The row waits with no message until it is sent.
     *
     * @param size the exact length the client announced; more or fewer bytes fail the upload
     */
    public MediaItem upload(Room room, String fileName, String contentType, InputStream content, long size) {
        if (contentType == null || !CONTENT_TYPE.matcher(contentType).matches()) {
            throw MeshException.invalid("Content-Type", "give the file's media type, e.g. image/png");
        }
        return attach(room, null, fileName, contentType.toLowerCase(java.util.Locale.ROOT), content, size);
    }

    /**
     * Removes uploads older than {@code age} that were never sent with a message, in every room: their rows, then their
     * objects. Returns how many.
     */
    public int sweepUnsent(Duration age) {
        java.time.Instant before = java.time.Instant.now().minus(age);
        int removed = 0;
        for (Room room : rooms.list()) {
            List<MediaItem> gone = stores.forRoom(room).deleteUnsentMedia(before);
            discard(room.id(), gone);
            removed += gone.size();
        }
        return removed;
    }

    /** Removes the objects of media rows that are gone (a deleted message's); a failure is logged, never thrown. */
    public void discard(UUID roomId, List<MediaItem> removed) {
        if (removed.isEmpty()) {
            return;
        }
        Room room = rooms.findById(roomId).orElse(null);
        if (room == null) {
            return;
        }
        for (MediaItem item : removed) {
            try {
                store.delete(bucketFor(room), storageKey(room, item.objectKey()));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RoomMedia.class)
                        .warn("removing media {} of room {} failed: {}", item.objectKey(), room.slug(), e.getMessage());
            }
        }
    }

    /**
     * The room moved while the bytes were uploading (its old place refused the row): the object follows it into the
     * room's new bucket, then the row goes to the room's new store.
     */
    private void followMove(Room old, MediaItem item) {
        Room moved = rooms.findById(old.id())
                .orElseThrow(() -> MeshException.roomNotFound(old.id().toString()));
        String from = storageKey(old, item.objectKey());
        String to = storageKey(moved, item.objectKey());
        store.ensureBucket(bucketFor(moved));
        store.copy(bucketFor(old), from, bucketFor(moved), to);
        stores.forRoom(moved.id()).insertMedia(item);
        store.delete(bucketFor(old), from);
    }

    /** A presigned URL for a media object of the room; MEDIA_NOT_FOUND when the room has no such object. */
    public URI presignedUrl(Room room, String objectKey) {
        MediaItem item = item(room, objectKey);
        return store.presignedGet(
                bucketFor(room),
                storageKey(room, item.objectKey()),
                presignTtl,
                InlineTypes.servedAs(item.contentType()),
                InlineTypes.disposition(item.contentType(), fileName(item)));
    }

    /**
     * How a browser gets a media object of the room: a redirect to the store, or — when the store reads this machine's
     * files (the embedded store, which browsers on other machines cannot reach) — its bytes. Either way served as
     * {@link InlineTypes} says: passive types in place, everything else as a download.
     */
    public MediaDelivery deliver(Room room, String objectKey) {
        MediaItem item = item(room, objectKey);
        String type = InlineTypes.servedAs(item.contentType());
        String disposition = InlineTypes.disposition(item.contentType(), fileName(item));
        String key = storageKey(room, item.objectKey());
        if (store.readsLocalFiles()) {
            return new MediaDelivery(null, store.open(bucketFor(room), key), item.size(), type, disposition);
        }
        return new MediaDelivery(
                store.presignedGet(bucketFor(room), key, presignTtl, type, disposition),
                null,
                item.size(),
                type,
                disposition);
    }

    private MediaItem item(Room room, String objectKey) {
        return stores.forRoom(room)
                .findMediaByKey(objectKey)
                .orElseThrow(() -> new MeshException(
                        ErrorCode.MEDIA_NOT_FOUND, "room " + room.slug() + " has no media " + objectKey));
    }

    private static String fileName(MediaItem item) {
        String key = item.objectKey();
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
