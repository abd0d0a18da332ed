package dev.meshrooms.lite.http.page;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.MessagePage;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.store.RoomDirectory;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneId;
import java.util.Optional;

/**
 * {@code GET /room/{slug}}: the room as a page. Public rooms are open; for a private room a member opens
 * {@code /room/<slug>?token=...} once, which sets an HttpOnly cookie and redirects to the clean URL.
 */
public final class RoomPageController {
    static final int PAGE_MESSAGES = 200;
    private final MeshCore core;
    private final RequestAuth auth;
    private final ZoneId zone;
    private final Pages pages;
    private final long maxUploadBytes;

    public RoomPageController(MeshCore core, RequestAuth auth, ZoneId zone, Pages pages, long maxUploadBytes) {
        this.core = core;
        this.auth = auth;
        this.zone = zone;
        this.pages = pages;
        this.maxUploadBytes = maxUploadBytes;
    }

    public void show(Context ctx) {
        String slug = ctx.pathParam("slug");
        if (auth.enterWithToken(ctx)) {
            ctx.redirect("/room/" + slug, HttpStatus.SEE_OTHER);
            return;
        }
        Optional<Principal> principal = auth.principal(ctx);
        RoomDirectory.RoomAndRole reader = core.access().reader(slug, principal);
        Room room = reader.room();
        // the change number first: a change made while the page is read comes again live, never goes missing
        long lastChange = core.messages().lastChange(room.id());
        MessagePage page = core.messages().page(room.id(), null, PAGE_MESSAGES);
        ctx.header("Cache-Control", "no-store");
        pages.render(
                ctx,
                "room.jte",
                Views.room(
                        core.roomService().summary(room),
                        page.messages(),
                        zone,
                        core.rooms().memberCount(room.id()),
                        lastChange,
                        page.next(),
                        viewer(ctx, reader.role(), principal),
                        maxUploadBytes,
                        core.limits().of(room)));
    }

    private RoomView.Viewer viewer(Context ctx, MemberRole role, Optional<Principal> principal) {
        if (principal.isEmpty()) {
            return RoomView.Viewer.VISITOR;
        }
        Principal who = principal.get();
        User me = core.users().findById(who.userId()).orElse(null);
        boolean admin = role == MemberRole.ADMIN || who.instanceAdmin();
        return new RoomView.Viewer(
                true,
                who.userId(),
                me == null ? "?" : me.displayName(),
                me == null ? "?" : me.handle(),
                role != null || who.instanceAdmin(),
                admin,
                admin,
                auth.csrfToken(ctx));
    }

    /**
     * {@code GET /room/{slug}/settings}: the room's settings with the Decentralise panel, for its admins (token cookie
     * set once through {@code ?token=}, as for private rooms).
     */
    public void settings(Context ctx) {
        String slug = ctx.pathParam("slug");
        if (auth.enterWithToken(ctx)) {
            ctx.redirect("/room/" + slug + "/settings", HttpStatus.SEE_OTHER);
            return;
        }
        Room room = core.access().managed(slug, auth.principal(ctx));
        var cost = core.costEstimate(room);
        ctx.header("Cache-Control", "no-store");
        pages.render(
                ctx,
                "settings.jte",
                Views.settings(
                        core.roomService().summary(room),
                        cost,
                        core.moves().status(room.id()),
                        auth.csrfToken(ctx),
                        core.usageReport(room),
                        zone,
                        core.limits().of(room),
                        core.billing().enabled(),
                        core.billing().link(room)));
    }

    /** {@code GET /rooms}: the public rooms of this instance. */
    public void index(Context ctx) {
        var summaries = core.rooms().list().stream()
                .filter(Room::isPublic)
                .map(core.roomService()::summary)
                .toList();
        ctx.header("Cache-Control", "no-store");
        pages.render(ctx, "rooms.jte", Views.rooms(summaries));
    }
}
