package dev.meshrooms.core.store;

import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The global directory of rooms: which rooms exist and where each one's data lives. */
public interface RoomDirectory {
    Room create(UUID id, NewRoom room);

    Optional<Room> findById(UUID id);

    Optional<Room> findBySlug(String slug);

    /** A room by id or by slug; throws ROOM_NOT_FOUND naming the reference. */
    default Room require(String idOrSlug) {
        return find(idOrSlug).orElseThrow(() -> dev.meshrooms.core.error.MeshException.roomNotFound(idOrSlug));
    }

    /** A room by id or by slug. */
    default Optional<Room> find(String idOrSlug) {
        return RoomIds.parse(idOrSlug).map(this::findById).orElseGet(() -> findBySlug(idOrSlug));
    }

    List<Room> list();

    /** Removes a room from the directory (its members go with it). */
    void delete(UUID id);

    /** Records that a room now lives in a shard (schema, server, bucket, key). */
    void markSharded(UUID id, String shardUrl, String shardSchema, String mediaBucket, String kmsKeyArn);

    void addMember(UUID roomId, UUID userId, MemberRole role);

    /** Ends a membership; false when the user was not a member. */
    boolean removeMember(UUID roomId, UUID userId);

    int memberCount(UUID roomId);

    /** When each room that came with a bundle was imported here (the latest import); rooms made here are absent. */
    java.util.Map<UUID, java.time.Instant> importedAt();

    /** The rooms someone is a member of, by name. */
    List<Room> roomsOf(UUID userId);

    /** Sets the room's topic (blank: none); the room as it is now. */
    Room describe(UUID roomId, String topic);

    /** A room and the role someone has in it (null: not a member). */
    record RoomAndRole(Room room, MemberRole role) {}

    /** A room by id or by slug, and the role {@code userId} has in it, in one lookup. */
    Optional<RoomAndRole> findWithRole(String idOrSlug, UUID userId);

    /** The members of a room and their roles. */
    java.util.Map<UUID, MemberRole> members(UUID roomId);
}
