package dev.meshrooms.lite.http.page;

import java.util.List;
import java.util.UUID;

/**
 * What the room page shows: the room's header and its timeline, oldest first, with a day line where the day changes,
 * and what the page's script needs to go on live (the change number the page was made at, the cursor to older
 * messages, who is looking and what they may do).
 *
 * @param items      day lines and messages in order
 * @param lastChange the room's change number when the page was made: live events follow after it
 * @param older      the cursor of the messages before the first shown (null: none)
 */
public record RoomView(
        UUID id,
        String name,
        String slug,
        String topic,
        long messageCount,
        int memberCount,
        boolean isPublic,
        boolean sharded,
        List<Item> items,
        long lastChange,
        String older,
        Viewer viewer,
        long maxUploadBytes,
        Banner banner) {

    /**
     * The free tier's word on this room, or null within it: {@code level} {@code over} or {@code near}; {@code text}
     * for everyone; {@code adminText} what its admins can do (empty for others).
     */
    public record Banner(String level, String text, String adminText) {}

    /**
     * Who looks at the page. {@code signedIn} false: a visitor of a public room (nothing to write with).
     *
     * @param csrf the session's CSRF token, sent back with every change the page makes
     */
    public record Viewer(
            boolean signedIn,
            UUID userId,
            String name,
            String handle,
            boolean canWrite,
            boolean moderator,
            boolean admin,
            String csrf) {
        public static final Viewer VISITOR = new Viewer(false, null, null, null, false, false, false, null);
    }

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
            List<MediaLine> media,
            UUID authorId,
            boolean deleted,
            long changeSeq,
            List<BodyPart> parts) {}

    /** A piece of a message's text: plain, or a link ({@code href} set: http or https only). */
    public record BodyPart(String text, String href) {}

    /** An attachment: a picture shown in place (its size reserved when known), or a file to download. */
    public record MediaLine(String url, boolean image, String fileName, String size, Integer width, Integer height) {}
}
