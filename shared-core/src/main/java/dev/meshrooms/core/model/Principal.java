package dev.meshrooms.core.model;

import java.util.UUID;

/** Who a request acts for: a user, whether its token is an instance-admin token, and what the token may do. */
public record Principal(UUID userId, boolean instanceAdmin, TokenScope scope) {
    /** A principal whose credential may do whatever its user may. */
    public Principal(UUID userId, boolean instanceAdmin) {
        this(userId, instanceAdmin, TokenScope.ALL);
    }
}
