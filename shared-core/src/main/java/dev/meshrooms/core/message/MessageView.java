package dev.meshrooms.core.message;

import dev.meshrooms.core.media.MediaItem;
import dev.meshrooms.core.user.User;
import java.util.List;

/** A message with its author and media, as readers see it. */
public record MessageView(Message message, User author, List<MediaItem> media) {
}
