package dev.meshrooms.lite.http.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.auth.InstanceAdmin;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.TokenScope;
import dev.meshrooms.lite.http.support.JsonBodies;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * The instance admin's tokens: {@code POST /api/tokens} (issue, shown once), {@code GET /api/tokens} (every token,
 * never the token itself), {@code DELETE /api/tokens/{id}} (revoke).
 */
public final class TokenController {
    private final MeshCore core;
    private final RequestAuth auth;
    private final JsonBodies bodies;

    public TokenController(MeshCore core, RequestAuth auth, JsonBodies bodies) {
        this.core = core;
        this.auth = auth;
        this.bodies = bodies;
    }

    /** A token as listed: what it is, whose, and whether it still works. */
    public record TokenJson(
            UUID id,
            UUID userId,
            String handle,
            String label,
            boolean admin,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            Instant revokedAt,
            boolean active,
            String scope) {
        static TokenJson of(ApiTokens.TokenInfo t) {
            return new TokenJson(
                    t.id(),
                    t.userId(),
                    t.handle(),
                    t.label(),
                    t.instanceAdmin(),
                    t.createdAt(),
                    t.lastUsedAt(),
                    t.expiresAt(),
                    t.revokedAt(),
                    t.active(Instant.now()),
                    t.scope().dbValue());
        }
    }

    public record IssuedJson(String token, TokenJson record) {}

    public void create(Context ctx) {
        core.access().checkInstanceAdmin(auth.principal(ctx));
        JsonNode body = bodies.object(ctx);
        ApiTokens.Issued issued = core.admin()
                .issueToken(
                        JsonBodies.string(body, "handle"),
                        JsonBodies.string(body, "label"),
                        body.path("admin").asBoolean(false),
                        InstanceAdmin.lifetime("expiresIn", JsonBodies.string(body, "expiresIn")),
                        TokenScope.parse("scope", JsonBodies.string(body, "scope")));
        ctx.header("Cache-Control", "no-store");
        ctx.status(HttpStatus.CREATED).json(new IssuedJson(issued.token(), TokenJson.of(issued.info())));
    }

    public void list(Context ctx) {
        core.access().checkInstanceAdmin(auth.principal(ctx));
        ctx.json(core.tokens().list().stream().map(TokenJson::of).toList());
    }

    public void revoke(Context ctx) {
        core.access().checkInstanceAdmin(auth.principal(ctx));
        UUID id = RoomIds.parse(ctx.pathParam("id"))
                .orElseThrow(() -> MeshException.invalid("id", "must be a token id (UUID)"));
        ctx.json(TokenJson.of(core.tokens().revoke(id)));
    }
}
