package dev.meshrooms.core.room;

import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomSummary;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.store.RoomDirectory;
import java.util.UUID;

/** Creating rooms (in the global schema; {@code shard.ShardedRooms} makes them in a shard of their own) and their size. */
public final class RoomService {
    private final RoomDirectory rooms;
    private final RoomStores stores;

    public RoomService(RoomDirectory rooms, RoomStores stores) {
        this.rooms = rooms;
        this.stores = stores;
    }

    public Room create(NewRoom room, UUID owner) {
        Room created = rooms.create(UUID.randomUUID(), room.validate());
        rooms.addMember(created.id(), owner, MemberRole.ADMIN);
        return created;
    }

    public RoomSummary summary(Room room) {
        var store = stores.forRoom(room);
        return new RoomSummary(room, store.countMessages(), store.mediaBytes());
    }

    /** Sets the room's topic (blank: none), at most {@link Room#MAX_TOPIC} characters on one line. */
    public Room describe(Room room, String topic) {
        if (topic != null && (topic.length() > Room.MAX_TOPIC || topic.chars().anyMatch(Character::isISOControl))) {
            throw dev.meshrooms.core.error.MeshException.invalid(
                    "topic", "give at most " + Room.MAX_TOPIC + " characters on one line");
        }
        return rooms.describe(room.id(), topic);
    }
}
