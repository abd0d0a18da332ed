package dev.meshrooms.core.db;

import dev.meshrooms.core.model.RoomIds;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Two Flyway migration sets: {@code db/global} (rooms, users, members, tokens) and {@code db/room} (the room-scoped
 * tables). The room set runs in the global schema for unsharded rooms and in each shard schema {@code room_<hex>},
 * each with its own history table, so one repository implementation serves both. Versions are whole numbers
 * ({@code V15__…}), which the start-up check compares as numbers; a test refuses any other file name.
 */
public final class Migrations {
    public static final String GLOBAL_SCHEMA = RoomIds.GLOBAL_SCHEMA;
    static final String GLOBAL_HISTORY = "flyway_global_history";
    static final String ROOM_HISTORY = "flyway_room_history";

    private Migrations() {}

    /** The newest global migration this build ships; a test checks it against the files in {@code db/global}. */
    public static final int GLOBAL_SCHEMA_VERSION = 14;

    /**
     * Migrates the global schema: the global set, then the room set in the same schema. When both histories already
     * end at this build's newest versions with every migration applied (a process attaching to a running server, any
     * start after the first), one query says so and Flyway is not loaded at all: it would find nothing to do, after
     * most of a second of loading its plugins on a cold start.
     */
    public static void migrateGlobal(DataSource dataSource) {
        if (current(dataSource)) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(GLOBAL_SCHEMA)
                .defaultSchema(GLOBAL_SCHEMA)
                .createSchemas(true)
                .table(GLOBAL_HISTORY)
                .locations("classpath:db/global")
                .load()
                .migrate();
        migrateRoomSchema(dataSource, GLOBAL_SCHEMA);
    }

    /**
     * Whether the global schema's two histories end at {@link #GLOBAL_SCHEMA_VERSION} and {@link #ROOM_SCHEMA_VERSION}
     * with no failed migration; false for a new database, a newer or older one, or one Flyway should look at.
     */
    static boolean current(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            return newestApplied(st, GLOBAL_HISTORY) == GLOBAL_SCHEMA_VERSION
                    && newestApplied(st, ROOM_HISTORY) == ROOM_SCHEMA_VERSION;
        } catch (SQLException e) {
            return false; // Flyway answers, with its own words
        }
    }

    /** The newest version in a history table of the global schema; -1 when the table is missing or has a failure. */
    private static int newestApplied(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + GLOBAL_SCHEMA + "." + table + "') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return -1;
            }
        }
        try (ResultSet rs = st.executeQuery("SELECT bool_and(success), max(version::int) FROM " + GLOBAL_SCHEMA + "."
                + table + " WHERE version ~ '^[0-9]+$'")) {
            rs.next();
            return rs.getBoolean(1) ? rs.getInt(2) : -1;
        }
    }

    /** Migrates one schema that holds room-scoped tables (the global one or a shard) to the newest room version. */
    public static void migrateRoomSchema(DataSource dataSource, String schema) {
        roomFlyway(dataSource, schema, null).migrate();
    }

    /** Migrates a room schema up to a given version (an importer stages a bundle at its own schema version). */
    public static void migrateRoomSchema(DataSource dataSource, String schema, String targetVersion) {
        roomFlyway(dataSource, schema, targetVersion).migrate();
    }

    /**
     * The newest room migration version this build ships; a test checks it against the files in {@code db/room}.
     * Bundles record it as their schema version.
     */
    public static final int ROOM_SCHEMA_VERSION = 3;

    /**
     * The newest version of the room set in {@code locations}, as Flyway resolves it for {@code schema} (applied or
     * pending alike).
     */
    public static int newestRoomVersion(DataSource dataSource, String schema, java.util.List<String> locations) {
        int newest = 0;
        for (var migration : roomFlyway(dataSource, schema, null, locations.toArray(String[]::new))
                .info()
                .all()) {
            if (migration.getVersion() != null && migration.getVersion().getVersion() != null) {
                newest =
                        Math.max(newest, Integer.parseInt(migration.getVersion().getVersion()));
            }
        }
        return newest;
    }

    /** Where the room set lives on the classpath. */
    public static final String ROOM_LOCATION = "classpath:db/room";

    /**
     * Migrates one room schema with the room set found in {@code locations} (normally {@link #ROOM_LOCATION}; a
     * benchmark adds one of its own); returns how many migrations ran.
     */
    public static int migrateRoomSchema(DataSource dataSource, String schema, java.util.List<String> locations) {
        return roomFlyway(dataSource, schema, null, locations.toArray(String[]::new))
                .migrate()
                .migrationsExecuted;
    }

    private static Flyway roomFlyway(DataSource dataSource, String schema, String targetVersion) {
        return roomFlyway(dataSource, schema, targetVersion, ROOM_LOCATION);
    }

    private static Flyway roomFlyway(DataSource dataSource, String schema, String targetVersion, String... locations) {
        Identifiers.quote(schema);
        var config = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(ROOM_HISTORY)
                // the global schema already holds the global set's tables: start the room set's history at 0
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .locations(locations);
        if (targetVersion != null) {
            config.target(MigrationVersion.fromVersion(targetVersion));
        }
        return config.load();
    }
}
