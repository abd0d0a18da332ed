package dev.meshrooms.core.store;

import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageCursor;
import dev.meshrooms.core.model.RoomRoute;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One room's data access, wherever the room lives. Every call is one transaction scoped to this room: its schema,
 * its role (for shards) and its room id.
 */
public interface RoomStore {
    RoomRoute route();

    /** Stores a message and returns it as stored (not numbered in the room's change order yet). */
    default Message insertMessage(Message message) {
        return insertMessage(message, List.of());
    }

    /**
     * Stores a message with uploads waiting in this room attached to it, in one transaction; INVALID_INPUT (nothing
     * stored) when one of them is not waiting here.
     */
    Message insertMessage(Message message, Collection<UUID> attachments);

    /** Newest first; {@code before} null for the first page. */
    List<Message> fetchMessages(MessageCursor before, int limit);

    /** A page of messages with their media, in one transaction (one role switch for a shard). */
    Page fetchPage(MessageCursor before, int limit);

    /** Messages newest first and the media attached to them. */
    record Page(List<Message> messages, List<MediaItem> media) {}

    Optional<Message> findMessage(UUID id);

    /** Replaces a message's body with an edit (new signature, edit time); empty when no such message is in the room. */
    Optional<Message> updateBody(UUID id, String body, java.time.Instant editedAt, byte[] signature);

    /**
     * Makes a message a tombstone (body, signature and media rows gone) and fills {@code removedMedia} with the media
     * rows removed, whose objects the caller deletes; empty when no such message is in the room, or it is deleted.
     */
    Optional<Message> deleteMessage(UUID id, java.time.Instant deletedAt, List<MediaItem> removedMedia);

    /**
     * Gives the room's writes not numbered yet the room's next change numbers, in the order they are found (oldest
     * first); returns how many. Numbers become visible in their order.
     */
    int numberChanges();

    /** Messages whose last write has a change number above {@code after}, in change order, with their media. */
    Page changesSince(long after, int limit);

    /** The room's newest change number (0: none yet). */
    long lastChange();

    /** Messages that are not deleted. */
    long countMessages();

    /** Streams every message of the room that is not deleted, oldest first, in one snapshot. */
    void forEachMessage(Consumer<Message> consumer);

    void insertMedia(MediaItem media);

    Optional<MediaItem> findMediaByKey(String objectKey);

    /** Removes the rows of uploads made before {@code before} that no message took; the removed rows. */
    List<MediaItem> deleteUnsentMedia(java.time.Instant before);

    List<MediaItem> mediaForMessages(Collection<UUID> messageIds);

    /** Total bytes of the room's media. */
    long mediaBytes();

    /** Bytes of the room's rows as stored (messages and media rows, without indexes). */
    long rowBytes();

    /** Runs work on one REPEATABLE READ snapshot of the room's rows. */
    <T> T snapshot(java.util.function.Function<RoomSnapshot, T> work);
}
