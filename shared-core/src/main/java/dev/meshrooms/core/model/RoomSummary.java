package dev.meshrooms.core.model;

/** A room with the figures people ask about first. */
public record RoomSummary(Room room, long messageCount, long mediaBytes) {}
