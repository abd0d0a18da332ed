package dev.meshrooms.core.model;

import java.util.UUID;

/**
 * Who a request acts for: a user, whether its token is an instance-admin token, what the token may do, and which
 * token it is ({@code tokenId} null for a browser session).
 */
public record Principal(UUID userId, boolean instanceAdmin, TokenScope scope, UUID tokenId) {
    /** A principal whose credential may do whatever its user may. */
    public Principal(UUID userId, boolean instanceAdmin) {
        this(userId, instanceAdmin, TokenScope.ALL, null);
    }

    /** Whose quota an upload counts against: the token's, else (a browser session) the user's. */
    public String owner() {
        return tokenId != null ? "token:" + tokenId : "user:" + userId;
    }
}
