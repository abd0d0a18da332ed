package dev.meshrooms.core.model;

import java.util.UUID;

/** Who a request acts for: a user, and whether its token is an instance-admin token. */
public record Principal(UUID userId, boolean instanceAdmin) {}
