package dev.meshrooms.core.db;

import dev.meshrooms.core.model.RoomIds;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Two Flyway migration sets: {@code db/global} (rooms, users, members, tokens) and {@code db/room} (the room-scoped
 * tables). The room set runs in the global schema for unsharded rooms and in each shard schema {@code room_<hex>},
 * each with its own history table, so one repository implementation serves both.
 */
public final class Migrations {
    public static final String GLOBAL_SCHEMA = RoomIds.GLOBAL_SCHEMA;
    static final String GLOBAL_HISTORY = "flyway_global_history";
    static final String ROOM_HISTORY = "flyway_room_history";

    private Migrations() {}

    /** Migrates the global schema: the global set, then the room set in the same schema. */
    public static void migrateGlobal(DataSource dataSource) {
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
