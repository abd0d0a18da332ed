package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * The change marker and write guard at a room's old place while it moves. Triggers on the room's rows in
 * {@code messages} and {@code media} (filtered to this room by a {@code WHEN} clause, so other rooms pay nothing)
 * call one function that, per written row:
 * <ol>
 * <li>tries the room's fence lock shared ({@code pg_try_advisory_xact_lock_shared}); while the job's fence holds it
 *     exclusively, the write is refused at once with SQLSTATE {@code MRFNC}, so a writer never waits at the fence
 *     <em>holding a connection</em>: it gives the connection back, pauses and tries again (see
 *     {@code routing.PostgresRoomStore}), and requests of other rooms keep the pool's connections;</li>
 * <li>refuses the write with SQLSTATE {@code MRMVD} once the room has moved, so a process with a stale route re-reads
 *     the route and writes at the new place (never into the old copy);</li>
 * <li>records {@code (room, table, row id, xid8 of the writing transaction)} in {@code mesh_room_changes}.</li>
 * </ol>
 * Catch-up reads changes by transaction id, not by a sequence: a sequence number is taken before commit, so
 * transactions commit out of its order; the xmin of a snapshot instead bounds every transaction not yet visible in it.
 */
final class ChangeCapture {
    /** First key of the fence's advisory lock ("MESH"); the second is hashtext(room id). */
    static final int LOCK_CLASS = 0x4d455348;

    private final RoomPlace place;
    private final String schema;
    private final String hex;
    private final String room;

    ChangeCapture(RoomPlace place) {
        this.place = place;
        this.schema = Identifiers.quote(place.schema());
        this.room = place.roomId().toString();
        this.hex = room.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Creates (or completes) the change table, the guard function and this room's triggers. */
    void install(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '10s'");
            // two jobs installing into the same schema at once must not race on CREATE ... IF NOT EXISTS
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext(" + literal(place.schema()) + "))");
            st.execute("CREATE TABLE IF NOT EXISTS " + schema + ".mesh_room_changes (seq bigserial PRIMARY KEY,"
                    + " room_id uuid NOT NULL, tbl text NOT NULL, row_id uuid NOT NULL,"
                    + " xid xid8 NOT NULL DEFAULT pg_current_xact_id())");
            st.execute("CREATE INDEX IF NOT EXISTS mesh_room_changes_room_xid_idx ON " + schema
                    + ".mesh_room_changes (room_id, xid)");
            st.execute("CREATE TABLE IF NOT EXISTS " + schema
                    + ".mesh_room_moves (room_id uuid PRIMARY KEY, moved boolean NOT NULL)");
            st.execute("CREATE OR REPLACE FUNCTION " + schema + ".mesh_room_change() RETURNS trigger LANGUAGE plpgsql"
                    + " SECURITY DEFINER SET search_path = pg_catalog AS $f$\n"
                    + "DECLARE rid uuid := TG_ARGV[0]::uuid;\n"
                    + "BEGIN\n"
                    + "  IF current_setting('mesh.move_job', true) = rid::text THEN RETURN NULL; END IF;\n"
                    + "  IF NOT pg_try_advisory_xact_lock_shared(" + LOCK_CLASS + ", hashtext(rid::text)) THEN\n"
                    + "    RAISE EXCEPTION 'room % is switching places; write again in a moment', rid USING ERRCODE = '"
                    + Transactions.ROOM_FENCED_STATE + "';\n"
                    + "  END IF;\n"
                    + "  IF EXISTS (SELECT 1 FROM " + schema
                    + ".mesh_room_moves m WHERE m.room_id = rid AND m.moved) THEN\n"
                    + "    RAISE EXCEPTION 'room % has moved; write at its new place', rid USING ERRCODE = '"
                    + Transactions.ROOM_MOVED_STATE + "';\n"
                    + "  END IF;\n"
                    + "  INSERT INTO " + schema + ".mesh_room_changes (room_id, tbl, row_id)"
                    + " VALUES (rid, TG_TABLE_NAME, CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);\n"
                    + "  RETURN NULL;\n"
                    + "END $f$");
            for (String table : new String[] {"messages", "media"}) {
                String qt = schema + "." + table;
                st.execute("CREATE OR REPLACE TRIGGER " + trigger(table, "w") + " AFTER INSERT OR UPDATE ON " + qt
                        + " FOR EACH ROW WHEN (NEW.room_id = " + literal(room) + "::uuid) EXECUTE FUNCTION "
                        + schema + ".mesh_room_change(" + literal(room) + ")");
                st.execute("CREATE OR REPLACE TRIGGER " + trigger(table, "d") + " AFTER DELETE ON " + qt
                        + " FOR EACH ROW WHEN (OLD.room_id = " + literal(room) + "::uuid) EXECUTE FUNCTION "
                        + schema + ".mesh_room_change(" + literal(room) + ")");
            }
        }
    }

    /** Removes this room's triggers, guard row and recorded changes (the shared table and function stay). */
    void uninstall(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '10s'");
            for (String table : new String[] {"messages", "media"}) {
                st.execute("DROP TRIGGER IF EXISTS " + trigger(table, "w") + " ON " + schema + "." + table);
                st.execute("DROP TRIGGER IF EXISTS " + trigger(table, "d") + " ON " + schema + "." + table);
            }
            st.execute("DELETE FROM " + schema + ".mesh_room_moves WHERE room_id = " + literal(room) + "::uuid");
            st.execute("DELETE FROM " + schema + ".mesh_room_changes WHERE room_id = " + literal(room) + "::uuid");
        }
    }

    /** Lets this transaction write the room's rows past the guard (the job's own cleanup). */
    void bypass(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT set_config('mesh.move_job', ?, true)")) {
            st.setString(1, room);
            st.execute();
        }
    }

    /**
     * Takes the fence: waits (at most {@code wait}) for the room's writers in flight, and refuses new ones until this
     * transaction ends. A fence not taken in time fails with SQLSTATE 55P03 (lock_not_available).
     */
    void fence(Connection c, Duration wait) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + Math.max(1, wait.toMillis()));
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext(" + literal(room) + "))");
        }
    }

    /** From this transaction's commit on, writes at this place are refused with ROOM_MOVED. */
    void seal(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + schema + ".mesh_room_moves (room_id, moved) VALUES (" + literal(room)
                    + "::uuid, true) ON CONFLICT (room_id) DO UPDATE SET moved = true");
        }
    }

    /** The xmin of this transaction's snapshot: every transaction not visible in it has an id at least this. */
    static long snapshotXmin(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String changesSql() {
        return "SELECT DISTINCT tbl, row_id FROM " + schema + ".mesh_room_changes WHERE room_id = " + literal(room)
                + "::uuid AND xid >= ?::text::xid8";
    }

    private String trigger(String table, String kind) {
        return Identifiers.quote("mesh_move_" + hex + "_" + table + "_" + kind);
    }

    /** A literal of text we made ourselves (UUIDs and checked identifiers only). */
    static String literal(String text) {
        if (!text.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("not a safe literal: " + text);
        }
        return "'" + text + "'";
    }
}
