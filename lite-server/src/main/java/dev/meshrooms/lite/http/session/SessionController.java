package dev.meshrooms.lite.http.session;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.auth.Sessions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.User;
import dev.meshrooms.lite.http.page.Pages;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A signed-in person's browser sessions: the account page ({@code /account}) with the signed-in devices, signing out
 * one, this or every session, and one-time sign-in links for another device ({@code /login/<code>}).
 */
public final class SessionController {
    private final MeshCore core;
    private final RequestAuth auth;
    private final Pages pages;

    public SessionController(MeshCore core, RequestAuth auth, Pages pages) {
        this.core = core;
        this.auth = auth;
        this.pages = pages;
    }

    /** A session as its user sees it. */
    public record SessionJson(
            UUID id,
            String device,
            Instant createdAt,
            Instant lastSeenAt,
            Instant expiresAt,
            Instant signedOutAt,
            boolean active,
            boolean current) {}

    /** {@code GET /api/sessions}: the caller's sessions, this one marked. */
    public void list(Context ctx) {
        Principal me = signedIn(ctx);
        ctx.json(Map.of("sessions", sessions(ctx, me)));
    }

    private List<SessionJson> sessions(Context ctx, Principal me) {
        UUID current = auth.session(ctx).map(Sessions.Session::id).orElse(null);
        Instant now = Instant.now();
        return core.sessions().list(me.userId()).stream()
                .map(s -> new SessionJson(
                        s.id(),
                        s.device(),
                        s.createdAt(),
                        s.lastSeenAt(),
                        s.expiresAt(),
                        s.revokedAt(),
                        s.active(now),
                        s.id().equals(current)))
                .toList();
    }

    /** {@code DELETE /api/sessions/{id}}: signs out one of the caller's sessions. */
    public void signOutOne(Context ctx) {
        Principal me = signedIn(ctx);
        UUID id = RoomIds.parse(ctx.pathParam("id"))
                .orElseThrow(() -> MeshException.invalid("id", "must be a session id (UUID)"));
        core.sessions().signOut(me.userId(), id);
        if (auth.session(ctx).isEmpty()) {
            auth.forget(ctx);
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code POST /api/signout}: signs out this browser. */
    public void signOut(Context ctx) {
        Principal me = signedIn(ctx);
        Sessions.Session session = auth.session(ctx)
                .orElseThrow(() -> MeshException.invalid(
                        "session",
                        "this request has no browser session to sign out (API tokens are revoked with DELETE"
                                + " /api/tokens/<id>)"));
        core.sessions().signOut(me.userId(), session.id());
        auth.forget(ctx);
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code POST /api/signout/everywhere}: signs out every session of the caller, this one too. */
    public void signOutEverywhere(Context ctx) {
        Principal me = signedIn(ctx);
        int ended = core.sessions().signOutEverywhere(me.userId());
        auth.forget(ctx);
        ctx.json(Map.of("signedOut", ended));
    }

    /** {@code POST /api/login-codes}: a one-time link to sign in on another device, valid for ten minutes. */
    public void loginCode(Context ctx) {
        Principal me = signedIn(ctx);
        Sessions.LoginCode code = core.sessions().loginCode(me.userId());
        ctx.status(HttpStatus.CREATED)
                .json(Map.of(
                        "url",
                        auth.baseUrl(ctx) + "/login/" + code.code(),
                        "code",
                        code.code(),
                        "expiresAt",
                        code.expiresAt()));
    }

    /** {@code GET /login/<code>}: a page with one button (a link preview must not use up the code). */
    public void loginPage(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        pages.render(ctx, "login.jte", Map.of("code", ctx.pathParam("code")));
    }

    /** {@code POST /api/login/<code>}: uses the code and signs this browser in. */
    public void login(Context ctx) {
        auth.requireOwnPage(ctx);
        auth.signIn(ctx, core.sessions().redeem(ctx.pathParam("code"), ctx.userAgent()));
        ctx.json(Map.of("next", "/account"));
    }

    /** {@code GET /account}: who is signed in, their rooms, devices, and the sign-in link maker. */
    public void account(Context ctx) {
        Principal me = signedIn(ctx);
        User user = core.users().findById(me.userId()).orElseThrow();
        var rooms = core.rooms().roomsOf(me.userId()).stream()
                .map(r -> new AccountView.RoomLink(r.name(), r.slug()))
                .toList();
        ctx.header("Cache-Control", "no-store");
        pages.render(
                ctx,
                "account.jte",
                Map.of(
                        "account",
                        new AccountView(
                                user.displayName(), user.handle(), auth.csrfToken(ctx), rooms, sessions(ctx, me))));
    }

    /** What the account page shows. */
    public record AccountView(
            String name, String handle, String csrf, List<RoomLink> rooms, List<SessionJson> sessions) {
        public record RoomLink(String name, String slug) {}
    }

    private Principal signedIn(Context ctx) {
        return auth.principal(ctx)
                .orElseThrow(() -> new MeshException(
                        ErrorCode.UNAUTHENTICATED, "Sign in first: open an invite link or a sign-in link."));
    }
}
