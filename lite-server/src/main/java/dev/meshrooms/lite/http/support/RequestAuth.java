package dev.meshrooms.lite.http.support;

import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.auth.Sessions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.TokenScope;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds who a request acts for: {@code Authorization: Bearer <token>}; else the browser session named by the
 * {@code mesh_session} cookie (signed in by invite or a one-time code); else the {@code mesh_token} cookie (set from a
 * {@code ?token=} link for API users). A credential that is sent but unknown is a 401.
 *
 * <p>Cookies are sent by the browser on requests other sites make too, so they count only where a forged request can
 * do no harm or cannot be made: on {@code GET}/{@code HEAD}, and on other methods only from this site's own pages —
 * {@code Sec-Fetch-Site: same-origin}, or else an {@code Origin} that is this server's — and then with the session's
 * CSRF token in {@code X-CSRF-Token} (session) or a JSON body (token cookie: a cross-site form or {@code text/plain}
 * post cannot send one). Anything else carrying a cookie is refused with 403 before it is authenticated.
 */
public final class RequestAuth {
    public static final String COOKIE = "mesh_token";
    public static final String SESSION_COOKIE = "mesh_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private final Sessions sessions;
    /** What a token looks like: Mesh's own ({@code mesh_…}) or a configured admin token; no spaces, quotes or controls. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{1,512}");

    private final ApiTokens tokens;
    private final String publicOrigin;
    private final String publicUrl;

    /** @param publicUrl MESH_PUBLIC_URL (null: none), whose origin counts as this server's beside the Host header */
    public RequestAuth(ApiTokens tokens, Sessions sessions, String publicUrl) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.publicOrigin = publicUrl == null || publicUrl.isBlank() ? null : origin(publicUrl);
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl;
    }

    public Optional<Principal> principal(Context ctx) {
        String header = ctx.header("Authorization");
        String token = null;
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new MeshException(
                        ErrorCode.UNAUTHENTICATED, "Authorization header: use the form \"Bearer <token>\".");
            }
            token = header.substring(7).trim();
        } else if (ctx.cookie(SESSION_COOKIE) != null) {
            Sessions.Session session = session(ctx)
                    .orElseThrow(
                            () -> new MeshException(
                                    ErrorCode.UNAUTHENTICATED,
                                    "Your session has ended (signed out or expired); sign in again with an invite or a sign-in link."));
            if (!safeMethod(ctx)) {
                requireSameOrigin(ctx, false);
                if (!Sessions.csrfMatches(ctx.cookie(SESSION_COOKIE), ctx.header(CSRF_HEADER))) {
                    throw new MeshException(
                            ErrorCode.FORBIDDEN,
                            "This page's form is out of date (its CSRF token does not match your session); reload the"
                                    + " page and try again.");
                }
            }
            return Optional.of(session.principal());
        } else if (ctx.cookie(COOKIE) != null) {
            token = ctx.cookie(COOKIE);
            if (!safeMethod(ctx)) {
                requireSameOrigin(ctx, true);
            }
        }
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Optional<Principal> principal = TOKEN.matcher(token).matches() ? tokens.authenticate(token) : Optional.empty();
        if (principal.isEmpty()) {
            throw new MeshException(
                    ErrorCode.UNAUTHENTICATED,
                    "This token is not recognised here (revoked, expired, or" + " from another instance).");
        }
        if (principal.get().scope() == TokenScope.IMPORT && !ctx.routeRoles().contains(Accepts.IMPORT_TOKENS)) {
            throw new MeshException(
                    ErrorCode.FORBIDDEN,
                    "This is an import token: it may only upload and import rooms (" + ctx.method() + " " + ctx.path()
                            + " is not one of those); use a token of scope \"all\".");
        }
        return principal;
    }

    /**
     * A page's {@code ?token=} entry: the token is checked first (malformed: 400; unknown: 401), and only a valid one
     * becomes the HttpOnly, SameSite=Strict cookie (Secure over HTTPS). True when the caller should redirect to the
     * clean URL.
     */
    public boolean enterWithToken(Context ctx) {
        String token = ctx.queryParam("token");
        if (token == null || token.isBlank()) {
            return false;
        }
        if (!TOKEN.matcher(token).matches()) {
            throw MeshException.invalid("token", "is not a Mesh token (letters, digits and ._~+/=- only, at most 512)");
        }
        if (tokens.authenticate(token).isEmpty()) {
            throw new MeshException(
                    ErrorCode.UNAUTHENTICATED,
                    "This link's token is not recognised here (revoked,"
                            + " expired, or from another instance); ask the room's admin for a new one.");
        }
        ctx.cookie(new Cookie(COOKIE, token, "/", -1, secure(ctx), true, null, SameSite.STRICT));
        return true;
    }

    /** Where links handed out (invites, sign-in links) start: MESH_PUBLIC_URL when set, else this request's server. */
    public String baseUrl(Context ctx) {
        return publicUrl != null ? publicUrl : ctx.scheme() + "://" + ctx.host();
    }

    /** The browser session the request's cookie names, if it is active. */
    public Optional<Sessions.Session> session(Context ctx) {
        String secret = ctx.cookie(SESSION_COOKIE);
        return secret == null ? Optional.empty() : sessions.authenticate(secret);
    }

    /** The CSRF token pages embed for the request's session (null: no session). */
    public String csrfToken(Context ctx) {
        String secret = ctx.cookie(SESSION_COOKIE);
        return secret != null && sessions.authenticate(secret).isPresent() ? Sessions.csrfToken(secret) : null;
    }

    /** Gives the browser its session: an HttpOnly, SameSite=Strict cookie (Secure over HTTPS) for the session's life. */
    public void signIn(Context ctx, Sessions.Started started) {
        ctx.cookie(new Cookie(
                SESSION_COOKIE,
                started.secret(),
                "/",
                (int) Sessions.LIFETIME.toSeconds(),
                secure(ctx),
                true,
                null,
                SameSite.STRICT));
    }

    /** Removes the session cookie (the session itself is signed out by the caller). */
    public void forget(Context ctx) {
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, secure(ctx), true, null, SameSite.STRICT));
    }

    /**
     * For requests that sign someone in (joining by invite, a one-time code): they carry no session yet, so they must
     * come from this site's own pages with a JSON body.
     */
    public void requireOwnPage(Context ctx) {
        requireSameOrigin(ctx, true);
    }

    private boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || publicOrigin != null && publicOrigin.startsWith("https://");
    }

    private static boolean safeMethod(Context ctx) {
        return ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    }

    private void requireSameOrigin(Context ctx, boolean jsonBody) {
        String site = ctx.header("Sec-Fetch-Site");
        String origin = ctx.header("Origin");
        boolean sameOrigin = site != null
                ? site.equalsIgnoreCase("same-origin")
                : origin != null
                        && (origin.equalsIgnoreCase(ctx.scheme() + "://" + ctx.host())
                                || origin.equalsIgnoreCase(publicOrigin));
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!sameOrigin || jsonBody && !type.startsWith("application/json")) {
            throw new MeshException(
                    ErrorCode.FORBIDDEN,
                    "A request signed in by cookie must come from this site's own pages"
                            + (jsonBody ? " with a JSON body" : "")
                            + "; API clients send Authorization: Bearer <token> instead.");
        }
    }

    private static String origin(String url) {
        URI uri = URI.create(url.trim());
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
