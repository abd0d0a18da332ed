package dev.meshrooms.core.model;

import java.util.List;

/** A message with its author and media, as readers see it. */
public record MessageView(Message message, User author, List<MediaItem> media) {}
