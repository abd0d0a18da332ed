package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a move has to copy, for its progress and for cutting an in-server copy into slices: the room's messages, its
 * media rows and their bytes. Counting a big room's messages in a shared table reads all of them (half a second for a
 * million), so a copy that learns the exact number anyway — the in-server copy counts what it inserts — may start
 * from the planner's estimate instead; rooms the planner puts below {@value #COUNT_BELOW} messages are counted.
 */
record RoomTotals(long messages, long media, long mediaBytes) {
    /** Below this estimate the messages are counted: cheap for a small room, and an estimate may be far off. */
    static final long COUNT_BELOW = 100_000;

    private static final Pattern ROWS = Pattern.compile("rows=(\\d+)");

    /** Read in the copy's transaction on {@code c}; {@code exactMessages}: count the messages whatever their number. */
    static RoomTotals of(Connection c, RoomPlace place, UUID roomId, boolean exactMessages) throws SQLException {
        String schema = Identifiers.quote(place.schema());
        String room = "room_id = " + ChangeCapture.literal(roomId.toString()) + "::uuid";
        long messages = -1;
        try (Statement st = c.createStatement()) {
            if (!exactMessages) {
                messages = estimate(st, "SELECT 1 FROM " + schema + ".messages WHERE " + room);
            }
            if (messages < COUNT_BELOW) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".messages WHERE " + room)) {
                    rs.next();
                    messages = rs.getLong(1);
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT count(*), coalesce(sum(size), 0) FROM " + schema + ".media WHERE " + room)) {
                rs.next();
                return new RoomTotals(messages, rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** The planner's row estimate of {@code query}'s top node, or -1. */
    private static long estimate(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
            if (rs.next()) {
                Matcher m = ROWS.matcher(rs.getString(1));
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        return -1;
    }
}
