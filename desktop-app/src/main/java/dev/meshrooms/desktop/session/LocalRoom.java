package dev.meshrooms.desktop.session;

import java.time.Instant;
import java.util.UUID;

/** A room of this computer's Mesh-Lite, with the figures the main window lists. */
public record LocalRoom(UUID id, String name, String slug, long messages, long mediaBytes, Instant createdAt) {}
