package dev.meshrooms.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    @DisplayName(
            "handles that clash in an earlier schema (imports made them) become unique: the local user keeps it, others get -2, -3")
    void clashingHandlesBecomeUnique() throws Exception {
        var server = dev.meshrooms.core.testing.TestPostgres.newDatabase();
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(server.url());
        ds.setUser(server.user());
        ds.setPassword(server.password());
        org.flywaydb.core.Flyway.configure()
                .dataSource(ds)
                .schemas(Migrations.GLOBAL_SCHEMA)
                .defaultSchema(Migrations.GLOBAL_SCHEMA)
                .createSchemas(true)
                .table(Migrations.GLOBAL_HISTORY)
                .locations("classpath:db/global")
                .target("5")
                .load()
                .migrate();
        try (var c = ds.getConnection();
                var st = c.createStatement()) {
            st.execute("INSERT INTO mesh.users (id, handle, display_name, public_key, is_ghost, created_at) VALUES"
                    + " (gen_random_uuid(), 'alice', 'Imported Alice', decode(repeat('01', 32), 'hex'), true, now() - interval '3 days'),"
                    + " (gen_random_uuid(), 'Alice', 'Local Alice', decode(repeat('02', 32), 'hex'), false, now()),"
                    + " (gen_random_uuid(), 'ALICE', 'Another import', decode(repeat('03', 32), 'hex'), true, now() - interval '1 day'),"
                    + " (gen_random_uuid(), 'alice-2', 'Already suffixed', decode(repeat('04', 32), 'hex'), false, now()),"
                    + " (gen_random_uuid(), 'bob', 'Bob', decode(repeat('05', 32), 'hex'), false, now())");
        }
        Migrations.migrateGlobal(ds);
        try (var c = ds.getConnection();
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT display_name, handle FROM mesh.users ORDER BY display_name")) {
            java.util.Map<String, String> handles = new java.util.HashMap<>();
            while (rs.next()) {
                handles.put(rs.getString(1), rs.getString(2));
            }
            assertThat(handles)
                    .containsEntry("Local Alice", "Alice")
                    .containsEntry("Already suffixed", "alice-2")
                    .containsEntry("Imported Alice", "alice-3")
                    .containsEntry("Another import", "ALICE-4")
                    .containsEntry("Bob", "bob");
        }
        try (var c = ds.getConnection();
                var st = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> st.execute(
                                    "INSERT INTO mesh.users (id, handle,"
                                            + " display_name, public_key) VALUES (gen_random_uuid(), 'BOB', 'x', decode(repeat('06', 32), 'hex'))"))
                    .hasMessageContaining("users_handle_unique_idx");
        }
    }

    @Test
    @DisplayName(
            "a schema at this build's versions is seen as current without Flyway; a new one, an older one and one with a"
                    + " failed migration are not")
    void currentOrNot() throws Exception {
        var server = dev.meshrooms.core.testing.TestPostgres.newDatabase();
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(server.url());
        ds.setUser(server.user());
        ds.setPassword(server.password());
        assertThat(Migrations.current(ds)).as("a new database").isFalse();
        Migrations.migrateGlobal(ds);
        assertThat(Migrations.current(ds)).as("just migrated").isTrue();
        try (var c = ds.getConnection();
                var st = c.createStatement()) {
            st.execute("UPDATE mesh." + Migrations.GLOBAL_HISTORY + " SET success = false WHERE version = '"
                    + Migrations.GLOBAL_SCHEMA_VERSION + "'");
            assertThat(Migrations.current(ds)).as("its newest migration failed").isFalse();
            st.execute("UPDATE mesh." + Migrations.GLOBAL_HISTORY + " SET success = true");
            st.execute("DELETE FROM mesh." + Migrations.ROOM_HISTORY + " WHERE version = '"
                    + Migrations.ROOM_SCHEMA_VERSION + "'");
            assertThat(Migrations.current(ds))
                    .as("the room set one version behind")
                    .isFalse();
        }
    }

    @Test
    @DisplayName("GLOBAL_SCHEMA_VERSION is the newest migration in db/global")
    void globalVersionMatchesFiles() throws IOException, URISyntaxException {
        assertThat(Migrations.GLOBAL_SCHEMA_VERSION).isEqualTo(newestIn("/db/global"));
    }

    @Test
    @DisplayName("ROOM_SCHEMA_VERSION is the newest migration in db/room")
    void roomVersionMatchesFiles() throws IOException, URISyntaxException {
        assertThat(Migrations.ROOM_SCHEMA_VERSION).isEqualTo(newestIn("/db/room"));
    }

    /** The newest version in a migration folder, whose files must all have whole-number versions. */
    private int newestIn(String resource) throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource(resource).toURI());
        Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
        java.util.List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(names)
                .as("whole-number versions only: the start-up check compares them as numbers")
                .allMatch(n -> version.matcher(n).matches());
        return names.stream()
                .map(version::matcher)
                .filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1)))
                .max()
                .orElse(0);
    }
}
