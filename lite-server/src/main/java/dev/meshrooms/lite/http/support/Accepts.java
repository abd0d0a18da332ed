package dev.meshrooms.lite.http.support;

import io.javalin.security.RouteRole;

/** Which credentials of limited scope a route accepts besides full ones; a route without the role refuses them. */
public enum Accepts implements RouteRole {
    /** Import tokens ({@code scope: import}): uploads, imports and their status. */
    IMPORT_TOKENS
}
