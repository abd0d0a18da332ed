package dev.meshrooms.core.shard;

import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.routing.ConnectionPools;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Creates and drops a room's shard schema {@code room_<hex>} with its own role {@code room_<hex>_rw}. Every step is
 * idempotent, so a retried provisioning finishes cleanly. Names come from the room's UUID only. This is
 * administrative work (DDL, Flyway, which takes two connections at once): it runs on the server's move pool, never
 * on the connections requests are served from.
 */
public final class ShardSchemas {
    private final ConnectionPools pools;

    public ShardSchemas(ConnectionPools pools) {
        this.pools = pools;
    }

    /** Creates (or completes) the shard of a room on the server at {@code serverUrl}; returns the schema name. */
    public String create(UUID roomId, String serverUrl) {
        String schema = RoomIds.shardSchema(roomId);
        String role = RoomIds.shardRole(roomId);
        String qSchema = Identifiers.quote(schema);
        String qRole = Identifiers.quote(role);
        DataSource ds = pools.forMoves(serverUrl);
        Transactions.inTransaction(ds, c -> {
            try (Statement st = c.createStatement()) {
                if (roleFunctions(st)) {
                    st.execute("SELECT mesh_roles.create_room_role('" + role + "')");
                } else {
                    st.execute("DO $$ BEGIN CREATE ROLE " + qRole + " NOLOGIN;"
                            + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
                    st.execute("GRANT " + qRole + " TO CURRENT_USER");
                }
                st.execute("CREATE SCHEMA IF NOT EXISTS " + qSchema);
                st.execute("REVOKE ALL ON SCHEMA " + qSchema + " FROM PUBLIC");
            }
            return null;
        });
        Migrations.migrateRoomSchema(ds, schema);
        Transactions.inTransaction(ds, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("GRANT USAGE ON SCHEMA " + qSchema + " TO " + qRole);
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + qSchema + " TO " + qRole);
                st.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + qSchema
                        + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + qRole);
            }
            return null;
        });
        return schema;
    }

    /** Whether the room's shard schema exists on the server at {@code serverUrl}. */
    public boolean exists(UUID roomId, String serverUrl) {
        return Transactions.inTransaction(pools.forMoves(serverUrl), c -> {
            try (var st = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                st.setString(1, RoomIds.shardSchema(roomId));
                try (var rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Drops a room's shard schema and role (nothing happens when they are gone already). */
    public void drop(UUID roomId, String serverUrl) {
        String qSchema = Identifiers.quote(RoomIds.shardSchema(roomId));
        String qRole = Identifiers.quote(RoomIds.shardRole(roomId));
        Transactions.inTransaction(pools.forMoves(serverUrl), c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + qSchema + " CASCADE");
                if (roleFunctions(st)) {
                    st.execute("SELECT mesh_roles.drop_room_role('" + RoomIds.shardRole(roomId) + "')");
                } else {
                    st.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
                            + RoomIds.shardRole(roomId) + "') THEN EXECUTE 'DROP OWNED BY " + qRole
                            + "'; EXECUTE 'DROP ROLE " + qRole + "'; END IF; END $$");
                }
            }
            return null;
        });
    }

    /**
     * Whether the server offers {@code mesh_roles.create_room_role} / {@code drop_room_role}: functions of a superuser's
     * that make and drop rooms' shard roles only, so Mesh's own role needs no CREATEROLE (Mesh-Lite's embedded
     * database has them). Without them, Mesh's role makes the roles itself and needs CREATEROLE.
     */
    private static boolean roleFunctions(Statement st) throws java.sql.SQLException {
        try (var rs = st.executeQuery("SELECT to_regprocedure('mesh_roles.create_room_role(text)') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
