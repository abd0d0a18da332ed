package dev.meshrooms.core.model;

import java.util.UUID;

/** A media object attached to a message; its bytes live in the room's bucket under {@code objectKey}. */
public record MediaItem(
        UUID id,
        UUID roomId,
        UUID messageId,
        String objectKey,
        String url,
        String contentType,
        long size,
        byte[] sha256) {}
