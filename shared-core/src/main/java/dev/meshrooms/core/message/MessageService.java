package dev.meshrooms.core.message;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.RoomMedia;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageBody;
import dev.meshrooms.core.model.MessageCursor;
import dev.meshrooms.core.model.MessagePage;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.SignatureReport;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.signature.MessageSignatures;
import dev.meshrooms.core.signature.ParallelVerifier;
import dev.meshrooms.core.signature.SignatureWorkers;
import dev.meshrooms.core.store.RoomStore;
import dev.meshrooms.core.store.UserDirectory;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Sending (signed), reading and verifying a room's messages, wherever the room lives. */
public final class MessageService {
    public static final int MAX_PAGE = 1000;
    /** The most files one message carries. */
    public static final int MAX_ATTACHMENTS = 10;

    private final RoomStores stores;
    private final UserDirectory users;
    private final Clock clock;
    private final ExecutorService signatureWorkers;
    private final RoomMedia media;
    private final RoomFeed feed;

    /**
     * @param signatureWorkers the instance's pool for checking signatures in bulk ({@link SignatureWorkers})
     * @param media            where a deleted message's media objects are removed
     * @param feed             told of every write, so live readers hear of it at once
     */
    public MessageService(
            RoomStores stores,
            UserDirectory users,
            Clock clock,
            ExecutorService signatureWorkers,
            RoomMedia media,
            RoomFeed feed) {
        this.stores = stores;
        this.users = users;
        this.clock = clock;
        this.signatureWorkers = signatureWorkers;
        this.media = media;
        this.feed = feed;
    }

    /** Stores a message signed with the author's key; the server holds authors' keys sealed (see docs). */
    public Message send(UUID roomId, UUID authorId, String body, UUID replyTo) {
        return send(roomId, authorId, body, replyTo, List.of());
    }

    /** Stores a message with files uploaded to the room beforehand ({@link RoomMedia#upload}) attached. */
    public Message send(UUID roomId, UUID authorId, String body, UUID replyTo, List<UUID> attachments) {
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw MeshException.invalid(
                    "media", "has " + attachments.size() + " files; a message carries at most " + MAX_ATTACHMENTS);
        }
        return sendAt(roomId, authorId, body, replyTo, Instant.now(clock), Set.copyOf(attachments));
    }

    /** Stores a message at a given time (demo data, imports of old conversations). */
    public Message sendAt(UUID roomId, UUID authorId, String body, UUID replyTo, Instant createdAt) {
        return sendAt(roomId, authorId, body, replyTo, createdAt, Set.of());
    }

    private Message sendAt(
            UUID roomId, UUID authorId, String body, UUID replyTo, Instant createdAt, Set<UUID> attachments) {
        MessageBody.validate(body);
        RoomStore store = stores.forRoom(roomId);
        if (replyTo != null && store.findMessage(replyTo).isEmpty()) {
            throw MeshException.invalid("replyTo", "message " + replyTo + " is not in this room");
        }
        User author = users.findById(authorId)
                .orElseThrow(
                        () -> new MeshException(ErrorCode.USER_NOT_FOUND, "author " + authorId + " does not exist"));
        PrivateKey key = users.signingKey(authorId)
                .orElseThrow(() -> new MeshException(
                        ErrorCode.FORBIDDEN,
                        "user " + author.handle() + " has no signing key here (an imported profile cannot post)"));
        Message stored =
                store(store, roomId, author, key, body, replyTo, createdAt.truncatedTo(ChronoUnit.MICROS), attachments);
        feed.changed(roomId);
        return stored;
    }

    private static Message store(
            RoomStore store,
            UUID roomId,
            User author,
            PrivateKey key,
            String body,
            UUID replyTo,
            Instant createdAt,
            Set<UUID> attachments) {
        UUID id = UUID.randomUUID();
        Message unsigned = Message.written(id, roomId, author.id(), body, createdAt, replyTo, null);
        byte[] signature = MessageSignatures.sign(unsigned.signedContent(author.publicKey()), key);
        Message message = Message.written(id, roomId, author.id(), body, createdAt, replyTo, signature);
        return store.insertMessage(message, attachments);
    }

    /** Edits a message: only its author may; the new body is signed again (same ids and creation time). */
    public Message edit(UUID roomId, UUID messageId, UUID editorId, String body) {
        MessageBody.validate(body);
        RoomStore store = stores.forRoom(roomId);
        Message old = store.findMessage(messageId)
                .filter(m -> !m.deleted())
                .orElseThrow(() -> new MeshException(
                        ErrorCode.MESSAGE_NOT_FOUND, "message " + messageId + " is not in this room (or was deleted)"));
        if (!old.authorId().equals(editorId)) {
            throw new MeshException(ErrorCode.FORBIDDEN, "Only the author of message " + messageId + " may edit it.");
        }
        User author = users.findById(editorId).orElseThrow();
        PrivateKey key = users.signingKey(editorId)
                .orElseThrow(() ->
                        new MeshException(ErrorCode.FORBIDDEN, "user " + author.handle() + " has no signing key here"));
        Instant editedAt = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        Message edited = old.edited(body, editedAt, null);
        byte[] signature = MessageSignatures.sign(edited.signedContent(author.publicKey()), key);
        Message stored = store.updateBody(messageId, body, editedAt, signature)
                .orElseThrow(() -> new MeshException(
                        ErrorCode.MESSAGE_NOT_FOUND, "message " + messageId + " was deleted meanwhile"));
        feed.changed(roomId);
        return stored;
    }

    /**
     * Deletes a message: its author may, and so may a moderator (an admin of the room). What stays is a tombstone (see
     * {@link Message}); the media objects go from the room's bucket.
     */
    public Message delete(UUID roomId, UUID messageId, UUID actorId, boolean moderator) {
        RoomStore store = stores.forRoom(roomId);
        Message old = store.findMessage(messageId)
                .filter(m -> !m.deleted())
                .orElseThrow(() -> new MeshException(
                        ErrorCode.MESSAGE_NOT_FOUND, "message " + messageId + " is not in this room (or was deleted)"));
        if (!moderator && !old.authorId().equals(actorId)) {
            throw new MeshException(
                    ErrorCode.FORBIDDEN,
                    "Only the author of message " + messageId + " or an admin of the room may delete it.");
        }
        List<MediaItem> removed = new ArrayList<>();
        Message tombstone = store.deleteMessage(messageId, Instant.now(clock).truncatedTo(ChronoUnit.MICROS), removed)
                .orElseThrow(() -> new MeshException(
                        ErrorCode.MESSAGE_NOT_FOUND, "message " + messageId + " was deleted meanwhile"));
        feed.changed(roomId);
        media.discard(roomId, removed);
        return tombstone;
    }

    /** The room's messages changed after change number {@code after}, in change order, as readers see them. */
    public Changes changes(UUID roomId, long after, int limit) {
        RoomStore store = stores.forRoom(roomId);
        store.numberChanges();
        RoomStore.Page page = store.changesSince(after, limit);
        return new Changes(views(page), page.messages().size() == limit);
    }

    /** @param more whether more changes follow (the limit was reached) */
    public record Changes(List<MessageView> messages, boolean more) {
        public long last(long orElse) {
            return messages.isEmpty()
                    ? orElse
                    : messages.get(messages.size() - 1).message().changeSeq();
        }
    }

    /** The room's newest change number: a live reader starting now asks for changes after it. */
    public long lastChange(UUID roomId) {
        RoomStore store = stores.forRoom(roomId);
        store.numberChanges();
        return store.lastChange();
    }

    /** One message as readers see it (with its author and media). */
    public MessageView view(UUID roomId, Message message) {
        User author = users.findById(message.authorId()).orElse(null);
        List<MediaItem> items = stores.forRoom(roomId).mediaForMessages(List.of(message.id()));
        return new MessageView(message, author, items);
    }

    public MessagePage page(UUID roomId, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw MeshException.invalid("limit", "must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        RoomStore.Page fetched = stores.forRoom(roomId)
                .fetchPage(cursor == null || cursor.isBlank() ? null : MessageCursor.decode(cursor), limit);
        List<Message> messages = fetched.messages();
        String next = messages.size() == limit
                ? MessageCursor.after(messages.get(messages.size() - 1)).encode()
                : null;
        return new MessagePage(views(fetched), next);
    }

    private List<MessageView> views(RoomStore.Page fetched) {
        List<Message> messages = fetched.messages();
        Set<UUID> authorIds = messages.stream().map(Message::authorId).collect(Collectors.toSet());
        Map<UUID, User> authors = users.findByIds(authorIds);
        Map<UUID, List<MediaItem>> byMessage =
                fetched.media().stream().collect(Collectors.groupingBy(MediaItem::messageId));
        List<MessageView> views = new ArrayList<>(messages.size());
        for (Message m : messages) {
            views.add(new MessageView(m, authors.get(m.authorId()), byMessage.getOrDefault(m.id(), List.of())));
        }
        return views;
    }

    /** Checks every message's signature against its author's public key, on every core while the rows stream. */
    public SignatureReport verify(UUID roomId) {
        return verify(roomId, () -> false);
    }

    /**
     * As {@link #verify(UUID)}, on the instance's shared signature workers, stopping with a {@code CANCELLED} error
     * between batches once {@code cancelled} says so (nobody waits for the result any more).
     */
    public SignatureReport verify(UUID roomId, BooleanSupplier cancelled) {
        RoomStore store = stores.forRoom(roomId);
        List<Message> batch = new ArrayList<>();
        try (ParallelVerifier verifier = new ParallelVerifier(signatureWorkers, SignatureWorkers.THREADS)) {
            store.forEachMessage(m -> {
                batch.add(m);
                if (batch.size() == 1000) {
                    if (cancelled.getAsBoolean()) {
                        throw new MeshException(
                                ErrorCode.CANCELLED,
                                "Checking the signatures of room " + roomId
                                        + " stopped: nobody waits for the result any more.");
                    }
                    submit(batch, verifier);
                }
            });
            submit(batch, verifier);
            ParallelVerifier.Outcome outcome = verifier.finish();
            return new SignatureReport(roomId, outcome.checked(), outcome.valid(), outcome.invalid());
        }
    }

    private void submit(List<Message> batch, ParallelVerifier verifier) {
        Set<UUID> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.authorId()));
        Map<UUID, User> authors = users.findByIds(ids);
        List<ParallelVerifier.Item> items = new ArrayList<>(batch.size());
        for (Message m : batch) {
            User author = authors.get(m.authorId());
            // an unknown author: a null key, which never verifies
            items.add(new ParallelVerifier.Item(
                    m.id(), m.signedContent(author == null ? null : author.publicKey()), m.signature()));
        }
        verifier.submit(items);
        batch.clear();
    }
}
