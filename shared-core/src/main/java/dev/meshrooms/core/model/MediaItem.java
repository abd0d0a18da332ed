package dev.meshrooms.core.model;

import java.util.UUID;

/**
 * A media object attached to a message ({@code messageId} null: uploaded, not yet sent); its bytes live in the room's
 * bucket under {@code objectKey}. {@code width} and {@code height} are a picture's size in pixels, null when unknown.
 */
public record MediaItem(
        UUID id,
        UUID roomId,
        UUID messageId,
        String objectKey,
        String url,
        String contentType,
        long size,
        byte[] sha256,
        Integer width,
        Integer height) {

    public MediaItem(
            UUID id,
            UUID roomId,
            UUID messageId,
            String objectKey,
            String url,
            String contentType,
            long size,
            byte[] sha256) {
        this(id, roomId, messageId, objectKey, url, contentType, size, sha256, null, null);
    }
}
