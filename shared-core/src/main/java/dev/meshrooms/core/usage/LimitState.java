package dev.meshrooms.core.usage;

/** Where a room stands against the free tier. */
public enum LimitState {
    /** Billing linked, the free tier not enforced here, or well within it. */
    WITHIN,
    /** Within, but at 80 % of the bytes or in the last 7 days. */
    NEAR,
    /** Beyond the bytes or the days, with no billing link: new media, imports into it and moves are refused. */
    OVER
}
