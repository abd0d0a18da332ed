package dev.meshrooms.lite.http;

import io.javalin.security.RouteRole;

/** Routes that do not wait their turn in the {@link WorkQueue}; every other route does. */
public enum RouteKind implements RouteRole {
    /** Long transfers and checks with limits of their own (a bundle's download or upload, a whole room's check). */
    TRANSFER,
    /** Answers about the server itself, which must come even when it is busy ({@code /health}, {@code /metrics}). */
    PROBE,
    /** The pages' own scripts, styles and images, served from the jar without the database. */
    FILE
}
