package dev.meshrooms.lite.http.message;

import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.User;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** A message as the API returns it. */
public record MessageJson(
        UUID id,
        UUID roomId,
        AuthorJson author,
        String body,
        Instant createdAt,
        Instant editedAt,
        UUID replyTo,
        String signature,
        UUID originalId,
        UUID originalRoomId,
        List<MediaJson> media) {

    public record AuthorJson(UUID id, String handle, String displayName, String publicKey) {
        static AuthorJson of(UUID id, User u) {
            return u == null
                    ? new AuthorJson(id, null, null, null)
                    : new AuthorJson(
                            u.id(),
                            u.handle(),
                            u.displayName(),
                            Base64.getEncoder().encodeToString(u.publicKey()));
        }
    }

    public record MediaJson(UUID id, String url, String contentType, long size, String sha256) {
        static MediaJson of(MediaItem m) {
            return new MediaJson(
                    m.id(), m.url(), m.contentType(), m.size(), HexFormat.of().formatHex(m.sha256()));
        }
    }

    public static MessageJson of(MessageView view) {
        Message m = view.message();
        return new MessageJson(
                m.id(),
                m.roomId(),
                AuthorJson.of(m.authorId(), view.author()),
                m.body(),
                m.createdAt(),
                m.editedAt(),
                m.replyTo(),
                Base64.getEncoder().encodeToString(m.signature()),
                m.originalId(),
                m.originalRoomId(),
                view.media().stream().map(MediaJson::of).toList());
    }
}
