package dev.meshrooms.core.store;

import dev.meshrooms.core.model.MediaItem;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** One consistent (REPEATABLE READ) view of a room's rows, for exports: rows written meanwhile are not in it. */
public interface RoomSnapshot {
    // deleted messages (tombstones) are never in an export: a bundle carries what the room shows
    /** The columns {@link #copyMessages} writes, in order. */
    List<String> MESSAGE_COLUMNS = List.of(
            "id",
            "room_id",
            "author_id",
            "body",
            "created_at",
            "edited_at",
            "reply_to",
            "signature",
            "original_id",
            "original_room_id",
            "signed_body");
    /** The columns {@link #copyMedia} writes, in order. */
    List<String> MEDIA_COLUMNS = List.of(
            "id", "room_id", "message_id", "object_key", "url", "content_type", "size", "sha256", "width", "height");

    /**
     * Writes the room's messages in PostgreSQL's COPY text format into up to {@code parts.size()} consecutive parts,
     * read at the same time, each by its own connection on this snapshot, when the room has tables of its own big
     * enough to be worth it (the rows then come in the table's order, as pg_dump writes them); otherwise all into the
     * first part, oldest first. Each part is written by one thread; the parts in order hold every row once. Returns the
     * row count.
     */
    long copyMessages(List<OutputStream> parts);

    long copyMedia(OutputStream out);

    List<MediaItem> media();

    /** The distinct authors of the room's messages in this snapshot (after {@link #copyMessages}: of the rows it copied). */
    Set<UUID> authorIds();
}
