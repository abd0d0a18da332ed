package dev.meshrooms.lite.http.message;

import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.User;
import dev.meshrooms.lite.http.support.SignatureChecks;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A message as the API returns it. A deleted message comes as a tombstone: {@code deletedAt} set, empty body, no
 * signature, no media. {@code changeSeq} is the room's change number of its last write (the event id of the live
 * stream); {@code verified} whether its signature checks out against the author's key (null: not checked; pages
 * of {@code fetchMessages} are checked when asked with {@code verify=true}).
 */
public record MessageJson(
        UUID id,
        UUID roomId,
        AuthorJson author,
        String body,
        Instant createdAt,
        Instant editedAt,
        Instant deletedAt,
        UUID replyTo,
        String signature,
        Boolean verified,
        UUID originalId,
        UUID originalRoomId,
        long changeSeq,
        List<MediaJson> media) {

    public record AuthorJson(UUID id, String handle, String displayName, String publicKey, boolean imported) {
        static AuthorJson of(UUID id, User u) {
            return u == null
                    ? new AuthorJson(id, null, null, null, true)
                    : new AuthorJson(
                            u.id(),
                            u.handle(),
                            u.displayName(),
                            Base64.getEncoder().encodeToString(u.publicKey()),
                            u.ghost());
        }
    }

    /** @param width a picture's width in pixels (null: not a picture, or unknown) */
    public record MediaJson(
            UUID id,
            String url,
            String contentType,
            long size,
            String sha256,
            String fileName,
            Integer width,
            Integer height) {
        public static MediaJson of(MediaItem m) {
            String key = m.objectKey();
            return new MediaJson(
                    m.id(),
                    m.url(),
                    m.contentType(),
                    m.size(),
                    HexFormat.of().formatHex(m.sha256()),
                    key.substring(key.lastIndexOf('/') + 1),
                    m.width(),
                    m.height());
        }
    }

    /** The message with its signature checked. */
    public static MessageJson of(MessageView view) {
        return of(view, true);
    }

    /** The message, its signature checked when {@code check}, else {@code verified} null. */
    public static MessageJson of(MessageView view, boolean check) {
        Message m = view.message();
        User author = view.author();
        Boolean verified = check ? SignatureChecks.verified(m, author) : null;
        return new MessageJson(
                m.id(),
                m.roomId(),
                AuthorJson.of(m.authorId(), author),
                m.body(),
                m.createdAt(),
                m.editedAt(),
                m.deletedAt(),
                m.replyTo(),
                m.signature() == null ? null : Base64.getEncoder().encodeToString(m.signature()),
                verified,
                m.originalId(),
                m.originalRoomId(),
                m.changeSeq(),
                view.media().stream().map(MediaJson::of).toList());
    }
}
