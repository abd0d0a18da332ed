package dev.meshrooms.core.model;

import dev.meshrooms.core.error.MeshException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/** A position in a room's timeline (newest first): the last message a page returned. Opaque to clients. */
public record MessageCursor(Instant createdAt, UUID id) {

    public static MessageCursor after(Message message) {
        return new MessageCursor(message.createdAt(), message.id());
    }

    public String encode() {
        String raw = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    public static MessageCursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            int colon = raw.indexOf(':');
            long micros = Long.parseLong(raw.substring(0, colon));
            return new MessageCursor(
                    Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(raw.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw MeshException.invalid(
                    "cursor", "is not a cursor this server handed out; pass the \"next\" value of the previous page");
        }
    }
}
