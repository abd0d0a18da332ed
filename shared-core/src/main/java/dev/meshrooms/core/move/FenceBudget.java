package dev.meshrooms.core.move;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * How long a write fence may still stay up. The fence's work checks it between steps, and each of its statements
 * runs with the time left as its {@code statement_timeout}, so the database itself ends a step that would overrun.
 */
final class FenceBudget {
    /** SQLSTATEs of a statement the budget cut short: query_canceled (statement_timeout), lock_not_available. */
    private static final java.util.Set<String> CUT_SHORT = java.util.Set.of("57014", "55P03");

    private final long deadline;
    private final boolean limited;

    private FenceBudget(long deadline, boolean limited) {
        this.deadline = deadline;
        this.limited = limited;
    }

    static FenceBudget of(Duration budget) {
        return new FenceBudget(System.nanoTime() + budget.toNanos(), true);
    }

    /** No limit: work that must finish once begun (sealing the old place again after the switch). */
    static FenceBudget unlimited() {
        return new FenceBudget(0, false);
    }

    Duration remaining() {
        return limited ? Duration.ofNanos(Math.max(0, deadline - System.nanoTime())) : Duration.ofDays(1);
    }

    /** Throws {@link Exceeded} once the time is up. */
    void check() {
        if (limited && deadline - System.nanoTime() <= 0) {
            throw new Exceeded();
        }
    }

    /** Limits the statements of the transaction open on {@code c} to the time left (no-op when unlimited). */
    void limit(Connection c) throws SQLException {
        if (!limited) {
            return;
        }
        check();
        try (Statement st = c.createStatement()) {
            st.execute(
                    "SET LOCAL statement_timeout = " + Math.max(1, remaining().toMillis()));
        }
    }

    /** True when {@code e} is a statement this budget cut short. */
    boolean cutShort(SQLException e) {
        return limited && e.getSQLState() != null && CUT_SHORT.contains(e.getSQLState());
    }

    /** The fence's time ran out before its work was done: lower it and try again later. */
    static final class Exceeded extends RuntimeException {
        Exceeded() {
            super("the write fence's time budget ran out", null, false, false);
        }
    }
}
