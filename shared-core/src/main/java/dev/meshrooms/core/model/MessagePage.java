package dev.meshrooms.core.model;

import java.util.List;

/** One page of a room's timeline, newest first; {@code next} is null on the last page. */
public record MessagePage(List<MessageView> messages, String next) {}
