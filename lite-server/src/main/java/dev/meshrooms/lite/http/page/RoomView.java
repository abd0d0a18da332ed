package dev.meshrooms.lite.http.page;

import java.util.List;
import java.util.UUID;

/**
 * What the room page shows: the room's header and its timeline, oldest first, with a day line where the day changes.
 *
 * @param items day lines and messages in order
 */
public record RoomView(
        String name, String slug, long messageCount, boolean isPublic, boolean sharded, List<Item> items) {

    /** A day line ({@code day} set) or a message ({@code message} set). */
    public record Item(String day, MessageLine message) {}

    /**
     * One message as shown.
     *
     * @param imported       the author is not a user of this installation (a ghost that came with a bundle)
     * @param keyFingerprint the author's public key, shortened, for people to compare
     */
    public record MessageLine(
            UUID id,
            String authorName,
            String handle,
            String initials,
            String colorClass,
            String time,
            String timestamp,
            boolean edited,
            boolean verified,
            boolean imported,
            String keyFingerprint,
            UUID replyTo,
            String replyAuthor,
            String replySnippet,
            String body,
            List<MediaLine> media) {}

    /** An attachment: a picture shown in place, or a file to download. */
    public record MediaLine(String url, boolean image, String fileName, String size) {}
}
