package dev.meshrooms.core.auth;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.TokenScope;
import dev.meshrooms.core.store.RoomDirectory;
import dev.meshrooms.core.store.RoomDirectory.RoomAndRole;
import java.util.Optional;

/**
 * Who may do what in a room. Reading: anyone for public rooms, members for private ones. Writing: members. Managing
 * (export, decentralise): the room's admins. The instance admin may do all three. No principal means 401, a
 * principal without the right means 403.
 *
 * <p>The {@code readable}, {@code writable} and {@code managed} lookups answer 401 before 404: a caller without a
 * token learns nothing about which rooms exist beyond the public ones (an unknown room and a private one look alike).
 */
public final class RoomAccess {
    private final RoomDirectory rooms;

    public RoomAccess(RoomDirectory rooms) {
        this.rooms = rooms;
    }

    /** The room {@code ref} (id or slug) if the caller may read it; an anonymous caller gets 401 for a room it cannot see. */
    public Room readable(String ref, Optional<Principal> principal) {
        return reader(ref, principal).room();
    }

    /**
     * As {@link #readable}, with the caller's role in the room (null: not a member, or no caller), from the same
     * lookup: pages that show members more than visitors need both.
     */
    public RoomAndRole reader(String ref, Optional<Principal> principal) {
        if (principal.isEmpty()) {
            return new RoomAndRole(
                    rooms.find(ref)
                            .filter(Room::isPublic)
                            .orElseThrow(() -> new MeshException(
                                    ErrorCode.UNAUTHENTICATED,
                                    "Room " + ref + " is not public (or does not exist): send"
                                            + " a member's token (Authorization: Bearer <token>) to read it.")),
                    null);
        }
        Principal who = unscoped(principal.get());
        RoomAndRole found = lookup(ref, who);
        if (!found.room().isPublic() && found.role() == null && !who.instanceAdmin()) {
            throw forbidden("read room " + found.room().slug() + ": you are not a member");
        }
        return found;
    }

    /** The room {@code ref} if the caller may post in it: 401 without a token, then 404, then 403. */
    public Room writable(String ref, Optional<Principal> principal) {
        Principal who = require(principal, "posting needs a member's token");
        RoomAndRole found = lookup(ref, who);
        if (found.role() == null && !who.instanceAdmin()) {
            throw forbidden("post in room " + found.room().slug() + ": you are not a member");
        }
        return found.room();
    }

    /**
     * As {@link #writable}, with what the caller may do to others' messages: a room admin or the instance admin
     * moderates (deletes any message of the room).
     */
    public Member member(String ref, Optional<Principal> principal) {
        Principal who = require(principal, "posting needs a member's token");
        RoomAndRole found = lookup(ref, who);
        if (found.role() == null && !who.instanceAdmin()) {
            throw forbidden("post in room " + found.room().slug() + ": you are not a member");
        }
        return new Member(found.room(), who, found.role() == MemberRole.ADMIN || who.instanceAdmin());
    }

    /** A member of a room, and whether they moderate it. */
    public record Member(Room room, Principal principal, boolean moderator) {}

    /** The room {@code ref} if the caller is one of its admins: 401 without a token, then 404, then 403. */
    public Room managed(String ref, Optional<Principal> principal) {
        Principal who = require(principal, "managing a room needs a room admin's token");
        RoomAndRole found = lookup(ref, who);
        if (found.role() != MemberRole.ADMIN && !who.instanceAdmin()) {
            throw forbidden("manage room " + found.room().slug() + ": you are not one of its admins");
        }
        return found.room();
    }

    /** The room and the caller's role in it, read together (one round trip on every request that names a room). */
    private RoomAndRole lookup(String ref, Principal who) {
        return rooms.findWithRole(ref, who.userId()).orElseThrow(() -> MeshException.roomNotFound(ref));
    }

    public Principal checkInstanceAdmin(Optional<Principal> principal) {
        Principal who = require(principal, "this needs the instance admin token");
        if (!who.instanceAdmin()) {
            throw forbidden(
                    "do this: it needs the instance admin token (MESH_ADMIN_TOKEN or the one printed on first start)");
        }
        return who;
    }

    /** Whoever may upload and import bundles: the instance admin, with a token of any scope. */
    public Principal checkImporter(Optional<Principal> principal) {
        Principal who = principal.orElseThrow(() -> new MeshException(
                ErrorCode.UNAUTHENTICATED,
                "importing needs an import token or the instance admin token: send"
                        + " Authorization: Bearer <token>."));
        if (!who.instanceAdmin()) {
            throw forbidden("import rooms: it needs an import token (POST /api/tokens {\"scope\":\"import\"})");
        }
        return who;
    }

    private static Principal require(Optional<Principal> principal, String why) {
        Principal who = principal.orElseThrow(
                () -> new MeshException(ErrorCode.UNAUTHENTICATED, why + ": send Authorization: Bearer <token>."));
        return unscoped(who);
    }

    /** An import token may do nothing but import. */
    private static Principal unscoped(Principal who) {
        if (who.scope() == TokenScope.IMPORT) {
            throw new MeshException(
                    ErrorCode.FORBIDDEN,
                    "This is an import token: it may only upload and import rooms; use a token of scope \"all\".");
        }
        return who;
    }

    private static MeshException forbidden(String what) {
        return new MeshException(ErrorCode.FORBIDDEN, "Your token may not " + what + ".");
    }
}
