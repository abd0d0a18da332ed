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

    void insertMessage(Message message);

    /** Newest first; {@code before} null for the first page. */
    List<Message> fetchMessages(MessageCursor before, int limit);

    /** A page of messages with their media, in one transaction (one role switch for a shard). */
    Page fetchPage(MessageCursor before, int limit);

    /** Messages newest first and the media attached to them. */
    record Page(List<Message> messages, List<MediaItem> media) {}

    Optional<Message> findMessage(UUID id);

    /** Replaces a message's body with an edit (new signature, edit time); false when the message is not in the room. */
    boolean updateBody(UUID id, String body, java.time.Instant editedAt, byte[] signature);

    long countMessages();

    /** Streams every message of the room, oldest first, in one snapshot. */
    void forEachMessage(Consumer<Message> consumer);

    void insertMedia(MediaItem media);

    Optional<MediaItem> findMediaByKey(String objectKey);

    List<MediaItem> mediaForMessages(Collection<UUID> messageIds);

    /** Total bytes of the room's media. */
    long mediaBytes();

    /** Bytes of the room's rows as stored (messages and media rows, without indexes). */
    long rowBytes();

    /** Runs work on one REPEATABLE READ snapshot of the room's rows. */
    <T> T snapshot(java.util.function.Function<RoomSnapshot, T> work);
}
