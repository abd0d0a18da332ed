package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.ByteSearch;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.core.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName(
        "An import straight into a new shard: provisioned beside the load, rows and media loaded there, removed on failure")
class ShardedImportTest {
    private static final int MESSAGES = 40;
    private MeshCore source;
    private MeshCore cloud;
    private DatabaseServer shardServer;
    private byte[] bundle;

    @BeforeAll
    void exportARoom() throws Exception {
        source = TestMesh.start();
        User ana = source.users().create("ana", "Ana");
        Room room = source.roomService().create(new NewRoom("harbour", "Harbour", Visibility.PUBLIC), ana.id());
        for (int i = 1; i <= MESSAGES; i++) {
            var m = source.messages().send(room.id(), ana.id(), "message " + i, null);
            if (i % 10 == 0) {
                byte[] picture = new byte[200_000];
                new Random(i).nextBytes(picture);
                source.media()
                        .attach(
                                room,
                                m.id(),
                                "p" + i + ".bin",
                                "application/octet-stream",
                                new ByteArrayInputStream(picture),
                                picture.length);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.exporter("http://source.example").export(room.id(), out, ProgressListener.NONE);
        bundle = out.toByteArray();
        shardServer = TestPostgres.newDatabase();
        cloud = TestMesh.start(TestPostgres.newDatabase(), List.of(shardServer), CoreSettings.DEFAULT_POOL_SIZE);
    }

    @AfterAll
    void stop() {
        source.close();
        cloud.close();
    }

    private ImportResult importSharded(byte[] bytes, boolean asNew) {
        return importSharded(cloud, bytes, asNew);
    }

    private static ImportResult importSharded(MeshCore cloud, byte[] bytes, boolean asNew) {
        return cloud.importer()
                .importBundle(
                        new ByteArrayInputStream(bytes),
                        "room.tar.zst",
                        new ImportOptions(asNew, cloud.admin().user().id()).inShard(true),
                        ProgressListener.NONE);
    }

    @Test
    @DisplayName(
            "the room lives in its own schema on the shard server and its own bucket, nothing in the shared tables")
    void intoANewShard() throws Exception {
        assertInItsShard(cloud, shardServer, shardServer.url(), importSharded(bundle, true));
    }

    @Test
    @DisplayName("a shard on the global server is loaded inside the server, in the import's transaction, just as whole")
    void intoANewShardOnTheGlobalServer() throws Exception {
        DatabaseServer global = TestPostgres.newDatabase();
        try (MeshCore alone = TestMesh.start(global, List.of(), CoreSettings.DEFAULT_POOL_SIZE)) {
            // a room placed on the global server records no server of its own
            assertInItsShard(alone, global, null, importSharded(alone, bundle, false));
        }
    }

    @Test
    @DisplayName("with a pool of 3 connections the shard is made before db.sql loads, and the import succeeds")
    void smallPool() throws Exception {
        DatabaseServer global = TestPostgres.newDatabase();
        try (MeshCore small = TestMesh.start(global, List.of(), 3)) {
            assertInItsShard(small, global, null, importSharded(small, bundle, false));
        }
    }

    @Test
    @DisplayName(
            "an import that does not say goes by the room's size: from the instance's threshold on into a shard, else the shared tables")
    void bySize() throws Exception {
        DatabaseServer global = TestPostgres.newDatabase();
        try (MeshCore alone = MeshCore.start(
                TestMesh.settingsBuilder(global, List.of(), CoreSettings.DEFAULT_POOL_SIZE)
                        .importShardFrom(MESSAGES)
                        .build(),
                new dev.meshrooms.core.media.s3.S3MediaStore(TestS3.settings()))) {
            ImportOptions unsaid = new ImportOptions(true, alone.admin().user().id());
            assertThat(unsaid.sharded()).isNull();
            assertThat(alone.importsSharded())
                    .as("not every import: a new room stays shared")
                    .isFalse();
            ImportResult big = alone.importer()
                    .importBundle(new ByteArrayInputStream(bundle), "room.tar.zst", unsaid, ProgressListener.NONE);
            assertInItsShard(alone, global, null, big);
            assertThat(big.shardSchema())
                    .isEqualTo(
                            alone.rooms().findById(big.roomId()).orElseThrow().shardSchema());

            ImportResult small = alone.importer()
                    .withShardFrom(MESSAGES + 1)
                    .importBundle(new ByteArrayInputStream(bundle), "room.tar.zst", unsaid, ProgressListener.NONE);
            ImportResult said = alone.importer()
                    .importBundle(
                            new ByteArrayInputStream(bundle),
                            "room.tar.zst",
                            unsaid.inShard(false),
                            ProgressListener.NONE);
            // a bundle whose metadata.json does not count its messages: the shared tables, as for a small room
            ImportResult uncounted = alone.importer()
                    .importBundle(
                            new ByteArrayInputStream(BundleBuilder.from(bundle)
                                    .metadata(m -> m.remove("counts"))
                                    .build()),
                            "room.tar.zst",
                            unsaid,
                            ProgressListener.NONE);
            for (ImportResult shared : List.of(small, said, uncounted)) {
                assertThat(shared.shardSchema()).isNull();
                assertThat(alone.rooms().findById(shared.roomId()).orElseThrow().isSharded())
                        .isFalse();
                assertThat(count(alone, "SELECT count(*) FROM mesh.messages WHERE room_id = '" + shared.roomId() + "'"))
                        .isEqualTo(MESSAGES);
            }

            // removing the room removes its shard: entry, schema, bucket and files
            Room sharded = alone.rooms().findById(big.roomId()).orElseThrow();
            alone.roomRemoval().remove(sharded);
            assertThat(alone.rooms().findById(big.roomId())).isEmpty();
            assertThat(count(
                            global,
                            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                                    + sharded.shardSchema() + "'"))
                    .isZero();
            assertThat(count(alone, "SELECT count(*) FROM mesh.room_shards WHERE room_id = '" + big.roomId() + "'"))
                    .isZero();
            assertThat(buckets()).doesNotContain(sharded.mediaBucket());
        }
    }

    /** The imported room lives in its own schema on {@code shardServer} and its own bucket, complete and indexed. */
    private void assertInItsShard(MeshCore cloud, DatabaseServer shardServer, String shardUrl, ImportResult result)
            throws Exception {
        Room room = cloud.rooms().findById(result.roomId()).orElseThrow();
        assertThat(room.isSharded()).isTrue();
        assertThat(room.shardUrl()).isEqualTo(shardUrl);
        assertThat(room.shardSchema()).isEqualTo("room_" + room.id().toString().replace("-", ""));
        assertThat(room.mediaBucket()).isNotNull().isNotEqualTo(cloud.media().sharedBucket());
        assertThat(room.slug()).isEqualTo("harbour");

        assertThat(count(shardServer, "SELECT count(*) FROM " + room.shardSchema() + ".messages"))
                .isEqualTo(MESSAGES);
        assertThat(count(shardServer, "SELECT count(*) FROM " + room.shardSchema() + ".media"))
                .isEqualTo(MESSAGES / 10);
        assertThat(count(cloud, "SELECT count(*) FROM mesh.messages WHERE room_id = '" + room.id() + "'"))
                .as("no detour through the shared tables")
                .isZero();
        assertThat(cloud.internals().mediaStore().list(room.mediaBucket(), "")).hasSize(MESSAGES / 10);
        assertThat(cloud.internals().mediaStore().list(cloud.media().sharedBucket(), room.id() + "/"))
                .isEmpty();
        assertThat(cloud.messages().page(room.id(), null, 100).messages()).hasSize(MESSAGES);
        assertThat(cloud.messages().verify(room.id()).allValid()).isTrue();
        assertThat(count(
                        cloud,
                        "SELECT count(*) FROM mesh.import_history WHERE room_id = '" + room.id()
                                + "' AND shard_schema = '" + room.shardSchema() + "' AND media_bucket = '"
                                + room.mediaBucket()
                                + "'"))
                .isEqualTo(1);
        assertThat(cloud.rooms().list()).extracting(Room::slug).noneMatch(s -> s.startsWith("importing-"));
        // the rows load without the messages' indexes and keys, which are built afterwards: all of them are back
        org.postgresql.ds.PGSimpleDataSource reference = new org.postgresql.ds.PGSimpleDataSource();
        reference.setUrl(shardServer.url());
        reference.setUser(shardServer.user());
        reference.setPassword(shardServer.password());
        dev.meshrooms.core.db.Migrations.migrateRoomSchema(reference, "room_reference");
        assertThat(indexesAndKeys(shardServer, room.shardSchema()))
                .as("the imported shard's indexes and keys, as a migrated room schema has them")
                .isEqualTo(indexesAndKeys(shardServer, "room_reference"))
                .contains("messages messages_pkey PRIMARY KEY (id)");
    }

    /** A schema's indexes and constraints, its name left out, sorted. */
    private static List<String> indexesAndKeys(DatabaseServer shardServer, String schema) throws Exception {
        String sql = "SELECT c.relname || ' ' || replace(pg_get_indexdef(i.indexrelid), '" + schema + ".', '')"
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE n.nspname = '" + schema + "' UNION ALL SELECT t.relname || ' ' || k.conname"
                + " || ' ' || replace(pg_get_constraintdef(k.oid), '" + schema + ".', '') FROM pg_constraint k JOIN"
                + " pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname"
                + " = '" + schema + "' ORDER BY 1";
        List<String> found = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(shardServer.url(), shardServer.user(), shardServer.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    @Test
    @DisplayName("placing a new shard does not wait for a shard whose tables a load holds (it emptied them first)")
    void placementBesideALoad() throws Exception {
        Room loading = cloud.shardedRooms()
                .create(
                        new NewRoom("loading", "Loading", Visibility.PUBLIC),
                        cloud.admin().user().id());
        assertThat(loading.shardUrl()).as("placed on a shard server").isEqualTo(shardServer.url());
        try (Connection c =
                cloud.internals().pools().forMoves(loading.shardUrl()).getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE " + loading.shardSchema() + ".messages IN ACCESS EXCLUSIVE MODE");
            }
            var loads = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> cloud.internals().placement().loads());
            assertThat(loads.get(20, java.util.concurrent.TimeUnit.SECONDS))
                    .as("every server's load, the locked table's bytes left out")
                    .isNotEmpty();
            c.rollback();
        }
    }

    @Test
    @DisplayName("a bundle refused after the shard was made leaves no shard, bucket, entry or job behind")
    void refusedImportRemovesItsShard() throws Exception {
        byte[] damaged = bundle.clone();
        damaged[damaged.length - 2000] ^= 0x55; // in the last media file: found after the shard was provisioned
        assertRefusedLeavingNothing(damaged, "");
    }

    @Test
    @DisplayName("a db.sql refused while the shard is being provisioned leaves no shard, bucket, entry or job behind")
    void refusedDatabaseRemovesItsShard() throws Exception {
        byte[] tar;
        try (var in = new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(bundle))) {
            tar = in.readAllBytes();
        }
        // one message's body changed in db.sql: its hash no longer matches metadata.json's
        int at = ByteSearch.indexOf(tar, "message 7\t".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(at).isPositive();
        tar[at] = 'n';
        assertRefusedLeavingNothing(com.github.luben.zstd.Zstd.compress(tar, 1), "db.sql");
    }

    @Test
    @DisplayName(
            "a shard that cannot be provisioned (its server gone) fails the import, leaving no entry, job or bucket")
    void unprovisionableShard() throws Exception {
        DatabaseServer global = TestPostgres.newDatabase();
        DatabaseServer doomed = TestPostgres.newDatabase();
        try (MeshCore cut = TestMesh.start(global, List.of(doomed), CoreSettings.DEFAULT_POOL_SIZE)) {
            Set<String> bucketsBefore = buckets();
            String database = doomed.url().replaceAll(".*/([^/?]+)(\\?.*)?$", "$1");
            try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
            assertThatThrownBy(() -> importSharded(cut, bundle, true)).isInstanceOf(MeshException.class);
            assertThat(count(cut, "SELECT count(*) FROM mesh.rooms WHERE state = 'importing'"))
                    .isZero();
            assertThat(count(cut, "SELECT count(*) FROM mesh.room_shards")).isZero();
            assertThat(count(cut, "SELECT count(*) FROM mesh.import_jobs")).isZero();
            assertThat(
                            count(
                                    cut,
                                    "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'mesh\\_import\\_%'"))
                    .as("no staging schema left")
                    .isZero();
            assertThat(buckets()).isEqualTo(bucketsBefore);
        }
    }

    private void assertRefusedLeavingNothing(byte[] damaged, String said) throws Exception {
        Set<String> schemasBefore = schemas();
        Set<String> bucketsBefore = buckets();
        long roomsBefore = globalCount("SELECT count(*) FROM mesh.rooms");
        assertThatThrownBy(() -> importSharded(damaged, true))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining(said);
        assertThat(schemas()).isEqualTo(schemasBefore);
        assertThat(buckets()).isEqualTo(bucketsBefore);
        assertThat(globalCount("SELECT count(*) FROM mesh.rooms")).isEqualTo(roomsBefore);
        assertThat(globalCount(
                        "SELECT count(*) FROM mesh.room_shards WHERE room_id NOT IN (SELECT id FROM mesh.rooms)"))
                .isZero();
        assertThat(globalCount("SELECT count(*) FROM mesh.import_jobs")).isZero();
    }

    private Set<String> schemas() throws Exception {
        try (Connection c = DriverManager.getConnection(shardServer.url(), shardServer.user(), shardServer.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'room\\_%'")) {
            Set<String> found = new java.util.HashSet<>();
            while (rs.next()) {
                found.add(rs.getString(1));
            }
            return found;
        }
    }

    private static Set<String> buckets() throws Exception {
        try (Stream<java.nio.file.Path> dirs = Files.list(TestS3.objects())) {
            return dirs.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static long count(DatabaseServer server, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long globalCount(String sql) throws Exception {
        return count(cloud, sql);
    }

    private static long count(MeshCore cloud, String sql) throws Exception {
        try (Connection c = cloud.internals().pools().global().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
