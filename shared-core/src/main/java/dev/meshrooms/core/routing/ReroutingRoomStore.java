package dev.meshrooms.core.routing;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageCursor;
import dev.meshrooms.core.model.RoomRoute;
import dev.meshrooms.core.store.RoomSnapshot;
import dev.meshrooms.core.store.RoomStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A room's store that follows the room when it moves. While a decentralise or re-centralise job switches a room's
 * routing, the old place refuses writes ({@link ErrorCode#ROOM_MOVED}, raised by the database itself); this store
 * then forgets the cached route, looks the room up again and repeats the call at its new place. A write that waited
 * at the write fence therefore lands once, in the right place, instead of failing or being lost. Any other failure
 * (e.g. the old shard schema is gone after a re-centralise) is retried only if the directory now names another place.
 */
final class ReroutingRoomStore implements RoomStore {
    private static final int ATTEMPTS = 5;
    private final UUID roomId;
    private final RoomStores stores;
    private RoomStore current;

    ReroutingRoomStore(UUID roomId, RoomStore first, RoomStores stores) {
        this.roomId = roomId;
        this.current = first;
        this.stores = stores;
    }

    private <T> T write(Function<RoomStore, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.apply(current);
            } catch (MeshException e) {
                if (attempt >= ATTEMPTS || e.code() == ErrorCode.ROOM_NOT_FOUND) {
                    throw e;
                }
                if (e.code() == ErrorCode.ROOM_MOVED) {
                    stores.invalidate(roomId);
                }
                RoomRoute now = stores.fresh(roomId);
                if (e.code() != ErrorCode.ROOM_MOVED && now.equals(current.route())) {
                    throw e; // a real failure at the right place
                }
                current = stores.storeAt(now);
            }
        }
    }

    private <T> T read(Function<RoomStore, T> work) {
        return write(work);
    }

    @Override
    public RoomRoute route() {
        return current.route();
    }

    @Override
    public Message insertMessage(Message message, Collection<UUID> attachments) {
        return write(s -> s.insertMessage(message, attachments));
    }

    @Override
    public Optional<Message> updateBody(UUID id, String body, Instant editedAt, byte[] signature) {
        return write(s -> s.updateBody(id, body, editedAt, signature));
    }

    @Override
    public Optional<Message> deleteMessage(UUID id, Instant deletedAt, List<MediaItem> removedMedia) {
        return write(s -> s.deleteMessage(id, deletedAt, removedMedia));
    }

    @Override
    public int numberChanges() {
        return write(RoomStore::numberChanges);
    }

    @Override
    public Page changesSince(long after, int limit) {
        return read(s -> s.changesSince(after, limit));
    }

    @Override
    public long lastChange() {
        return read(RoomStore::lastChange);
    }

    @Override
    public void insertMedia(MediaItem media) {
        write(s -> {
            s.insertMedia(media);
            return null;
        });
    }

    @Override
    public List<Message> fetchMessages(MessageCursor before, int limit) {
        return read(s -> s.fetchMessages(before, limit));
    }

    @Override
    public Page fetchPage(MessageCursor before, int limit) {
        return read(s -> s.fetchPage(before, limit));
    }

    @Override
    public Optional<Message> findMessage(UUID id) {
        return read(s -> s.findMessage(id));
    }

    @Override
    public long countMessages() {
        return read(RoomStore::countMessages);
    }

    @Override
    public void forEachMessage(Consumer<Message> consumer) {
        current.forEachMessage(consumer);
    }

    @Override
    public List<MediaItem> deleteUnsentMedia(Instant before) {
        return write(s -> s.deleteUnsentMedia(before));
    }

    @Override
    public Optional<MediaItem> findMediaByKey(String objectKey) {
        return read(s -> s.findMediaByKey(objectKey));
    }

    @Override
    public List<MediaItem> mediaForMessages(Collection<UUID> messageIds) {
        return read(s -> s.mediaForMessages(messageIds));
    }

    @Override
    public long mediaBytes() {
        return read(RoomStore::mediaBytes);
    }

    @Override
    public long rowBytes() {
        return read(RoomStore::rowBytes);
    }

    @Override
    public <T> T snapshot(Function<RoomSnapshot, T> work) {
        return current.snapshot(work);
    }

    @Override
    public String toString() {
        return "store of room " + roomId + " at " + current.route();
    }
}
