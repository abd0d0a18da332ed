package dev.meshrooms.desktop.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A room of this computer's Mesh-Lite, with the figures the main window lists.
 *
 * @param createdAt when the room was made (wherever that was: a room that came with a bundle keeps its first date)
 * @param addedAt   when it came to this computer (imported, or made here)
 */
public record LocalRoom(
        UUID id, String name, String slug, long messages, long mediaBytes, Instant createdAt, Instant addedAt) {}
