package dev.meshrooms.lite.http;

import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.auth.Principal;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Finds who a request acts for: {@code Authorization: Bearer <token>}, or for pages the {@code mesh_token} cookie
 * (set from a {@code ?token=} link so that images of private rooms load too). A token that is sent but unknown is a 401.
 */
public final class RequestAuth {
    public static final String COOKIE = "mesh_token";
    private final ApiTokens tokens;

    public RequestAuth(ApiTokens tokens) {
        this.tokens = tokens;
    }

    public Optional<Principal> principal(Context ctx) {
        String header = ctx.header("Authorization");
        String token = null;
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new MeshException(ErrorCode.UNAUTHENTICATED, "Authorization header: use the form \"Bearer <token>\".");
            }
            token = header.substring(7).trim();
        } else if (ctx.cookie(COOKIE) != null) {
            token = ctx.cookie(COOKIE);
        }
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Optional<Principal> principal = tokens.authenticate(token);
        if (principal.isEmpty()) {
            throw new MeshException(ErrorCode.UNAUTHENTICATED, "This token is not recognised here (revoked, or from another instance).");
        }
        return principal;
    }
}
