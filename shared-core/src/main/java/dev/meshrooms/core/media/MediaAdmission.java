package dev.meshrooms.core.media;

import dev.meshrooms.core.model.Room;

/** Whether a room may take another file now (the free tier's limit): throws a refusal with its reason when not. */
@FunctionalInterface
public interface MediaAdmission {
    MediaAdmission OPEN = room -> {};

    void admit(Room room);
}
