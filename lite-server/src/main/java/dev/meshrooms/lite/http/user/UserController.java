package dev.meshrooms.lite.http.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.User;
import dev.meshrooms.lite.http.support.JsonBodies;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Base64;
import java.util.UUID;

/** {@code POST /api/users} (instance admin: a user and their first token) and {@code POST /api/room/{ref}/members}. */
public final class UserController {
    private final MeshCore core;
    private final RequestAuth auth;
    private final JsonBodies bodies;

    public UserController(MeshCore core, RequestAuth auth, JsonBodies bodies) {
        this.core = core;
        this.auth = auth;
        this.bodies = bodies;
    }

    public record UserJson(UUID id, String handle, String displayName, String publicKey) {
        static UserJson of(User u) {
            return new UserJson(
                    u.id(), u.handle(), u.displayName(), Base64.getEncoder().encodeToString(u.publicKey()));
        }
    }

    public record NewUserResponse(UserJson user, String token) {}

    public void create(Context ctx) {
        core.access().checkInstanceAdmin(auth.principal(ctx));
        JsonNode body = bodies.object(ctx);
        User user = core.users().create(JsonBodies.string(body, "handle"), JsonBodies.string(body, "displayName"));
        String token = core.tokens().issue(user.id(), "issued by the instance admin", false);
        ctx.status(HttpStatus.CREATED).json(new NewUserResponse(UserJson.of(user), token));
    }

    public void addMember(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        JsonNode body = bodies.object(ctx);
        UUID userId = RoomIds.parse(JsonBodies.string(body, "userId"))
                .orElseThrow(() -> MeshException.invalid("userId", "must be a user id (UUID)"));
        core.users().findById(userId).orElseThrow(() -> MeshException.invalid("userId", "no user " + userId));
        MemberRole role = MemberRole.parse("role", JsonBodies.string(body, "role"));
        core.rooms().addMember(room.id(), userId, role);
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** A member as a room's admins see it. */
    public record MemberJson(UUID id, String handle, String displayName, String role, boolean imported) {}

    /** {@code GET /api/room/{ref}/members}: the room's members and their roles, for its admins. */
    public void members(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        var roles = core.rooms().members(room.id());
        var users = core.users().findByIds(roles.keySet());
        ctx.json(java.util.Map.of(
                "members",
                roles.entrySet().stream()
                        .map(e -> {
                            User u = users.get(e.getKey());
                            return new MemberJson(
                                    e.getKey(),
                                    u == null ? null : u.handle(),
                                    u == null ? null : u.displayName(),
                                    e.getValue().dbValue(),
                                    u == null || u.ghost());
                        })
                        .toList()));
    }

    /** {@code DELETE /api/room/{ref}/members/{userId}}: a room admin removes someone from the room. */
    public void removeMember(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        UUID userId = RoomIds.parse(ctx.pathParam("userId"))
                .orElseThrow(() -> MeshException.invalid("userId", "must be a user id (UUID)"));
        if (!core.rooms().removeMember(room.id(), userId)) {
            throw new MeshException(
                    dev.meshrooms.core.error.ErrorCode.NOT_FOUND,
                    "User " + userId + " is not a member of room " + room.slug() + ".");
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }
}
