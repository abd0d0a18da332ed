package dev.meshrooms.lite.http.support;

import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds who a request acts for: {@code Authorization: Bearer <token>}, or for pages the {@code mesh_token} cookie
 * (set from a {@code ?token=} link so that images of private rooms load too). A token that is sent but unknown is a 401.
 *
 * <p>The cookie is sent by the browser on requests other sites make too, so it counts only where a forged request
 * can do no harm or cannot be made: on {@code GET}/{@code HEAD}, and on other methods only from this site's own
 * pages — {@code Sec-Fetch-Site: same-origin}, or else an {@code Origin} that is this server's — with a JSON body
 * (which a cross-site form or {@code text/plain} post cannot send). Anything else carrying the cookie is refused with
 * 403 before it is authenticated.
 */
public final class RequestAuth {
    public static final String COOKIE = "mesh_token";
    /** What a token looks like: Mesh's own ({@code mesh_…}) or a configured admin token; no spaces, quotes or controls. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{1,512}");

    private final ApiTokens tokens;
    private final String publicOrigin;

    /** @param publicUrl MESH_PUBLIC_URL (null: none), whose origin counts as this server's beside the Host header */
    public RequestAuth(ApiTokens tokens, String publicUrl) {
        this.tokens = tokens;
        this.publicOrigin = publicUrl == null || publicUrl.isBlank() ? null : origin(publicUrl);
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
        } else if (ctx.cookie(COOKIE) != null) {
            token = ctx.cookie(COOKIE);
            if (!safeMethod(ctx)) {
                requireSameOrigin(ctx);
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
        boolean secure =
                "https".equalsIgnoreCase(ctx.scheme()) || publicOrigin != null && publicOrigin.startsWith("https://");
        ctx.cookie(new Cookie(COOKIE, token, "/", -1, secure, true, null, SameSite.STRICT));
        return true;
    }

    private static boolean safeMethod(Context ctx) {
        return ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    }

    private void requireSameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        String origin = ctx.header("Origin");
        boolean sameOrigin = site != null
                ? site.equalsIgnoreCase("same-origin")
                : origin != null
                        && (origin.equalsIgnoreCase(ctx.scheme() + "://" + ctx.host())
                                || origin.equalsIgnoreCase(publicOrigin));
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!sameOrigin || !type.startsWith("application/json")) {
            throw new MeshException(
                    ErrorCode.FORBIDDEN,
                    "A request signed in by cookie must come from this site's own"
                            + " pages with a JSON body; API clients send Authorization: Bearer <token> instead.");
        }
    }

    private static String origin(String url) {
        URI uri = URI.create(url.trim());
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
