package dev.meshrooms.lite.http.invite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.auth.RoomInvites;
import dev.meshrooms.core.auth.Sessions;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.User;
import dev.meshrooms.lite.http.page.Pages;
import dev.meshrooms.lite.http.support.JsonBodies;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Invite links: a room's admins make, list and revoke them ({@code /api/room/{ref}/invites}); a person opens
 * {@code /join/<code>}, picks a name and a handle and is signed in ({@code POST /api/join/<code>}).
 */
public final class InviteController {
    private final MeshCore core;
    private final RequestAuth auth;
    private final JsonBodies bodies;
    private final Pages pages;

    public InviteController(MeshCore core, RequestAuth auth, JsonBodies bodies, Pages pages) {
        this.core = core;
        this.auth = auth;
        this.bodies = bodies;
        this.pages = pages;
    }

    /** An invite as the API shows it; {@code url} only when it is made (the code is never stored). */
    public record InviteJson(
            UUID id,
            String role,
            Integer maxUses,
            int uses,
            Instant expiresAt,
            Instant createdAt,
            Instant revokedAt,
            boolean usable,
            String url) {
        static InviteJson of(RoomInvites.Invite i, String url) {
            return new InviteJson(
                    i.id(),
                    i.role().dbValue(),
                    i.maxUses(),
                    i.uses(),
                    i.expiresAt(),
                    i.createdAt(),
                    i.revokedAt(),
                    i.usable(Instant.now()),
                    url);
        }
    }

    /** {@code POST /api/room/{ref}/invites {"role":"member","maxUses":10,"expiresIn":"P7D"}}. */
    public void create(Context ctx) {
        Optional<Principal> principal = auth.principal(ctx);
        Room room = core.access().managed(ctx.pathParam("ref"), principal);
        JsonNode body = bodies.object(ctx);
        MemberRole role = MemberRole.parse("role", JsonBodies.string(body, "role"));
        JsonNode uses = body.get("maxUses");
        if (uses != null && !uses.isNull() && !uses.canConvertToInt()) {
            throw MeshException.invalid("maxUses", "must be a whole number (leave it out for no limit)");
        }
        String expires = JsonBodies.string(body, "expiresIn");
        Duration expiresIn;
        try {
            expiresIn = expires == null ? null : Duration.parse(expires);
        } catch (DateTimeParseException e) {
            throw MeshException.invalid("expiresIn", "must be an ISO-8601 duration such as P7D or PT12H");
        }
        RoomInvites.Issued issued = core.invites()
                .create(
                        room.id(),
                        role,
                        uses == null || uses.isNull() ? null : uses.intValue(),
                        expiresIn,
                        principal.orElseThrow().userId());
        ctx.status(HttpStatus.CREATED)
                .json(InviteJson.of(issued.invite(), auth.baseUrl(ctx) + "/join/" + issued.code()));
    }

    public void list(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        List<InviteJson> invites = core.invites().list(room.id()).stream()
                .map(i -> InviteJson.of(i, null))
                .toList();
        ctx.json(Map.of("invites", invites));
    }

    public void revoke(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        UUID id = RoomIds.parse(ctx.pathParam("id"))
                .orElseThrow(() -> MeshException.invalid("id", "must be an invite id (UUID)"));
        ctx.json(InviteJson.of(core.invites().revoke(room.id(), id), null));
    }

    /** {@code GET /join/<code>}: who invites to which room; a form for a name and a handle (or joining as oneself). */
    public void page(Context ctx) {
        RoomInvites.Opened opened = core.invites().open(ctx.pathParam("code"));
        Optional<Sessions.Session> session = auth.session(ctx);
        User me = session.flatMap(s -> core.users().findById(s.principal().userId()))
                .orElse(null);
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        pages.render(
                ctx,
                "join.jte",
                Map.of(
                        "join",
                        new JoinView(
                                opened.room().name(),
                                opened.room().slug(),
                                opened.room().topic(),
                                opened.invite().role().dbValue(),
                                core.rooms().memberCount(opened.room().id()),
                                me == null ? null : me.displayName(),
                                me == null ? null : me.handle(),
                                auth.csrfToken(ctx))));
    }

    /** What the join page shows. */
    public record JoinView(
            String roomName,
            String slug,
            String topic,
            String role,
            int members,
            String myName,
            String myHandle,
            String csrf) {}

    /**
     * {@code POST /api/join/<code> {"displayName":"…","handle":"…"}}: a new user, a member, a session; or, for someone
     * signed in already, {@code {}} joins as themselves. Answers where to go.
     */
    public void join(Context ctx) {
        String code = ctx.pathParam("code");
        Optional<Sessions.Session> session = auth.session(ctx);
        if (session.isPresent()) {
            auth.principal(ctx); // the CSRF check of a signed-in request
            UUID roomId = core.invites().joinAs(code, session.get().principal().userId());
            Room room = core.rooms().findById(roomId).orElseThrow();
            ctx.json(Map.of("room", "/room/" + room.slug()));
            return;
        }
        auth.requireOwnPage(ctx);
        JsonNode body = bodies.object(ctx);
        Room room = core.invites().open(code).room();
        User user = core.invites()
                .joinAsNewUser(code, JsonBodies.string(body, "handle"), JsonBodies.string(body, "displayName"));
        auth.signIn(ctx, core.sessions().start(user.id(), ctx.userAgent()));
        ctx.status(HttpStatus.CREATED).json(Map.of("room", "/room/" + room.slug(), "handle", user.handle()));
    }
}
