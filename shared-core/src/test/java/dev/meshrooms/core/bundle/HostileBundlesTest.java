package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.ByteSearch;
import dev.meshrooms.core.testing.TestMesh;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile bundles, generated from a real export: each must be refused with a message naming the problem, leave
 * nothing behind (no room, no ghost user, no staging schema, no import job, no object), and fail verification too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Hostile bundles are refused and leave nothing behind")
class HostileBundlesTest {
    private static final String NAME = "room_hostile.tar.zst";
    private static final BundleLimits DEFAULTS = BundleLimits.defaults();
    private MeshCore source;
    private MeshCore target;
    private byte[] bundle;
    private List<String> mediaEntries;

    @BeforeAll
    void setUp() {
        source = TestMesh.start();
        target = TestMesh.start();
        User alice = source.users().create("alice", "Alice");
        User bob = source.users().create("bob", "Bob");
        Room room = source.roomService().create(new NewRoom("garden", "Garden", Visibility.PUBLIC), alice.id());
        Message first = source.messages().send(room.id(), alice.id(), "hello garden", null);
        source.messages().send(room.id(), bob.id(), "hi alice", first.id());
        Random random = new Random(7);
        for (int i = 1; i <= 3; i++) {
            Message m = source.messages().send(room.id(), i % 2 == 0 ? bob.id() : alice.id(), "picture " + i, null);
            byte[] bytes = new byte[40_000 + i * 1000];
            random.nextBytes(bytes);
            source.media()
                    .attach(
                            room,
                            m.id(),
                            "pic-" + i + ".png",
                            "image/png",
                            new ByteArrayInputStream(bytes),
                            bytes.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.exporter("https://old-mesh.example").export(room.id(), out, ProgressListener.NONE);
        bundle = out.toByteArray();
        mediaEntries = real().mediaNames();
        assertThat(mediaEntries).hasSize(3);
    }

    @AfterAll
    void tearDown() {
        source.close();
        target.close();
    }

    private BundleBuilder real() {
        return BundleBuilder.from(bundle);
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private RoomImporter importer(MediaStore store, BundleLimits limits) {
        return new RoomImporter(
                target.internals().pools().global(),
                store,
                target.media(),
                target.users(),
                MeshCore.json(),
                limits,
                List.of(),
                () -> target.internals().provisioner(),
                target.internals().pools()::forMoves);
    }

    private MeshException refused(byte[] hostile, String... fragments) {
        return refused(hostile, DEFAULTS, fragments);
    }

    /**
     * Imports the bundle into the target and checks that it is refused as a bundle (not as a store or database
     * failure), with every fragment in the message, that the instance is exactly as before, and that the verifier
     * refuses the same bundle for the same reason.
     */
    private MeshException refused(byte[] hostile, BundleLimits limits, String... fragments) {
        return refused(hostile, limits, target.internals().mediaStore(), fragments);
    }

    private MeshException refused(byte[] hostile, BundleLimits limits, MediaStore store, String... fragments) {
        MeshException e = refusedOnImport(hostile, limits, store, fragments);
        BundleReport report =
                new BundleVerifier(limits, MeshCore.json()).verify(in(hostile), NAME, ProgressListener.NONE);
        assertThat(report.ok()).as("the verifier refuses it too").isFalse();
        assertThat(report.problem()).contains(fragments);
        return e;
    }

    /** The import half of {@link #refused}, for faults only an import into a database can see. */
    private MeshException refusedOnImport(byte[] hostile, BundleLimits limits, MediaStore store, String... fragments) {
        InstanceState before = InstanceState.of(target);
        Throwable thrown = catchThrowable(() -> importer(store, limits)
                .importBundle(in(hostile), NAME, new ImportOptions(true, null), ProgressListener.NONE));
        assertThat(thrown).as("the import must be refused").isInstanceOf(MeshException.class);
        MeshException e = (MeshException) thrown;
        assertThat(e.code()).as(e.getMessage()).isIn(ErrorCode.BUNDLE_INVALID, ErrorCode.BUNDLE_TOO_NEW);
        assertThat(e.getMessage()).contains(fragments).containsIgnoringCase("nothing was imported");

        InstanceState after = InstanceState.of(target);
        assertThat(after.roomsTableExists()).as("mesh.rooms still exists").isTrue();
        assertThat(after.stagingSchemas()).as("staging schemas left").isEmpty();
        assertThat(after.importJobs()).as("import jobs left").isZero();
        assertThat(after).as("rooms, users and objects are as before").isEqualTo(before);
        return e;
    }

    private static ObjectNode room(ObjectNode metadata) {
        return (ObjectNode) metadata.get("room");
    }

    private static ArrayNode array(ObjectNode metadata, String field) {
        return (ArrayNode) metadata.get(field);
    }

    private static BundleBuilder.Part special(String name, byte type, String linkName, byte[] content) {
        return new BundleBuilder.Part(name, type, linkName, content);
    }

    private static BundleBuilder.Part file(String name, String content) {
        return new BundleBuilder.Part(name, TarConstants.LF_NORMAL, null, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Rewrites the fields of one COPY row (row 1 is the first) of a table in db.sql text. */
    private static String editRow(String sql, String table, int row, UnaryOperator<List<String>> edit) {
        List<String> lines = new ArrayList<>(Arrays.asList(sql.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("COPY ") && lines.get(i).contains("." + table + " (")) {
                List<String> fields =
                        new ArrayList<>(Arrays.asList(lines.get(i + row).split("\t", -1)));
                lines.set(i + row, String.join("\t", edit.apply(fields)));
                return String.join("\n", lines);
            }
        }
        throw new IllegalArgumentException("no COPY block for " + table);
    }

    /** Field {@code column} of row {@code row} of a COPY block. */
    /** The real bundle, re-hashed, with one field of one COPY row of {@code table} set to {@code value}. */
    private byte[] withField(String table, int row, String column, String value) {
        return real().dbSql(s -> editRow(s, table, row, f -> {
                    f.set(column(s, table, column), value);
                    return f;
                }))
                .rehash()
                .build();
    }

    /** One field of one COPY row of {@code table} in the real bundle's db.sql. */
    private String realField(String table, int row, String column) {
        String sql = new String(real().content(BundleNames.DB_SQL), StandardCharsets.UTF_8);
        return rowField(sql, table, row, column(sql, table, column));
    }

    private static String rowField(String sql, String table, int row, int column) {
        String[] value = new String[1];
        editRow(sql, table, row, f -> {
            value[0] = f.get(column);
            return f;
        });
        return value[0];
    }

    private static int column(String sql, String table, String column) {
        for (String line : sql.split("\n")) {
            if (line.startsWith("COPY ") && line.contains("." + table + " (")) {
                String list = line.substring(line.indexOf('(') + 1, line.indexOf(')'));
                return Arrays.asList(list.split(",\\s*")).indexOf(column);
            }
        }
        throw new IllegalArgumentException("no COPY block for " + table);
    }

    @Test
    @DisplayName(
            "control: the rebuilt, re-hashed real bundle verifies and imports, so each refusal below is the fault's")
    void rebuiltBundleIsFine() {
        byte[] rebuilt = real().rehash().build();
        BundleReport report = target.verifier().verify(in(rebuilt), NAME, ProgressListener.NONE);
        assertThat(report.ok()).as(report.problem()).isTrue();
        assertThat(report.partialChecks()).as("every row check made").isNull();
        ImportResult result =
                target.importer().importBundle(in(rebuilt), NAME, new ImportOptions(true, null), ProgressListener.NONE);
        assertThat(result.mediaFiles()).isEqualTo(3);
        assertThat(target.rooms().findById(result.roomId())).isPresent();
    }

    @Test
    @DisplayName(
            "a dry run keeps a bounded number of ids: past it, repeated ids are left to the import, and it says so")
    void rowChecksBounded() {
        byte[] repeated = withField("messages", 5, "id", realField("messages", 4, "id"));
        RowChecks four = new RowChecks(4, null);
        BundleScan.scan(in(repeated), NAME, DEFAULTS, MeshCore.json(), four, ProgressListener.NONE);
        assertThat(four.partial())
                .isEqualTo("more than 4 ids: repeated ids and media rows' messages past them are checked by"
                        + " the import only");
        RowChecks five = new RowChecks(5, null);
        assertThatThrownBy(() ->
                        BundleScan.scan(in(repeated), NAME, DEFAULTS, MeshCore.json(), five, ProgressListener.NONE))
                .hasMessageContaining("appears more than once in the COPY data of messages");
    }

    @Nested
    @DisplayName("entry names and types")
    class Entries {
        @Test
        @DisplayName("path traversal: ../x and media/../../x")
        void traversal() {
            refused(real().insert(2, file("../x", "boom")).build(), "\"../x\"", "path traversal");
            refused(real().insert(2, file("media/../../x", "boom")).build(), "\"media/../../x\"", "path traversal");
        }

        @Test
        @DisplayName("absolute path /etc/passwd")
        void absolute() {
            refused(
                    real().insert(2, file("/etc/passwd", "root:x:0:0::/root:/bin/sh\n"))
                            .build(),
                    "\"/etc/passwd\"",
                    "absolute or unsafe path");
        }

        @Test
        @DisplayName("a symlink in place of a media file")
        void symlink() {
            String media = mediaEntries.get(0);
            refused(
                    real().replace(media, special(media, TarConstants.LF_SYMLINK, "/etc/passwd", new byte[0]))
                            .build(),
                    "\"" + media + "\"",
                    "is a link");
        }

        @Test
        @DisplayName("a hard link in place of a media file")
        void hardlink() {
            String media = mediaEntries.get(0);
            refused(
                    real().replace(media, special(media, TarConstants.LF_LINK, "metadata.json", new byte[0]))
                            .build(),
                    "\"" + media + "\"",
                    "is a link");
        }

        @Test
        @DisplayName("a character device carrying a media file's exact bytes")
        void charDevice() {
            String media = mediaEntries.get(0);
            BundleBuilder b = real();
            refused(
                    b.replace(media, special(media, TarConstants.LF_CHR, null, b.content(media)))
                            .build(),
                    "\"" + media + "\"",
                    "device, FIFO or other special file");
        }

        @Test
        @DisplayName("a FIFO carrying a media file's exact bytes")
        void fifo() {
            String media = mediaEntries.get(1);
            BundleBuilder b = real();
            refused(
                    b.replace(media, special(media, TarConstants.LF_FIFO, null, b.content(media)))
                            .build(),
                    "\"" + media + "\"",
                    "device, FIFO or other special file");
        }

        @Test
        @DisplayName("a duplicate media entry and a duplicate db.sql")
        void duplicate() {
            String media = mediaEntries.get(2);
            BundleBuilder b = real();
            refused(b.add(media, b.content(media)).build(), "\"" + media + "\"", "appears twice");
            BundleBuilder c = real();
            refused(c.add(BundleNames.DB_SQL, c.content(BundleNames.DB_SQL)).build(), "\"db.sql\"", "appears twice");
        }

        @Test
        @DisplayName("an entry outside media/ (evil.sh)")
        void outsideMedia() {
            refused(
                    real().add(file("evil.sh", "#!/bin/sh\nrm -rf /\n")).build(),
                    "\"evil.sh\"",
                    "is not metadata.json, db.sql or a file under media/");
        }

        @Test
        @DisplayName("media keys with spaces, shell metacharacters or '..'")
        void hostileMediaKeys() {
            refused(
                    real().add("media/a b;rm -rf.png", new byte[] {1, 2, 3}).build(),
                    "\"media/a b;rm -rf.png\"",
                    "with a plain name");
            refused(real().add("media/a..b.png", new byte[] {1}).build(), "\"media/a..b.png\"", "with a plain name");
            refused(real().add("media/x/../y.png", new byte[] {1}).build(), "\"media/x/../y.png\"", "path traversal");

            String media = mediaEntries.get(0);
            String key = media.substring(BundleNames.MEDIA_PREFIX.length());
            byte[] listed = real().rename(media, "media/a b;rm -rf.png")
                    .metadata(m -> array(m, "media").forEach(f -> {
                        if (f.get("key").asText().equals(key)) {
                            ((ObjectNode) f).put("key", "a b;rm -rf.png");
                        }
                    }))
                    .build();
            refused(listed, "metadata.json media", "\"a b;rm -rf.png\"", "is not a plain relative path");
        }
    }

    @Nested
    @DisplayName("size limits")
    class Limits {
        @Test
        @DisplayName("a zstd bomb: 32 MiB of zeros past a 1 MiB grace with a ratio limit of 20")
        void zstdBomb() {
            BundleLimits limits = new BundleLimits(100, 1L << 30, 1 << 20, 1 << 20, 20, 1 << 20);
            byte[] zeros = new byte[32 << 20];
            byte[] bomb = real().add("media/zeros.bin", zeros)
                    .metadata(m -> array(m, "media")
                            .addObject()
                            .put("key", "zeros.bin")
                            .put("size", zeros.length)
                            .put("sha256", Hashing.hex(Hashing.sha256().digest(zeros)))
                            .put("contentType", "application/octet-stream"))
                    .build();
            assertThat(bomb.length).isLessThan(1 << 20);
            refused(bomb, limits, NAME, "expands more than 20 times its compressed size", "zstd bomb");
        }

        @Test
        @DisplayName("a zstd bomb at the default limits: 80 MiB of zeros in a few KB, refused past the 64 MiB grace")
        void zstdBombDefaults() {
            byte[] zeros = new byte[80 << 20];
            byte[] bomb = real().add("media/zeros.bin", zeros)
                    .metadata(m -> array(m, "media")
                            .addObject()
                            .put("key", "zeros.bin")
                            .put("size", zeros.length)
                            .put("sha256", Hashing.hex(Hashing.sha256().digest(zeros)))
                            .put("contentType", "application/octet-stream"))
                    .build();
            assertThat(bomb.length).isLessThan(1 << 20);
            refused(
                    bomb,
                    DEFAULTS,
                    NAME,
                    "expands more than " + DEFAULTS.maxRatio() + " times its compressed size",
                    "zstd bomb");
        }

        @Test
        @DisplayName("a bundle expanding beyond the total size limit")
        void totalSize() {
            refused(
                    bundle,
                    new BundleLimits(100, 100_000, 1 << 20, 1 << 20, 200, 1 << 20),
                    "expands beyond 100000 bytes");
        }

        @Test
        @DisplayName("more entries than the limit")
        void tooManyEntries() {
            refused(bundle, new BundleLimits(3, 1L << 30, 1 << 20, 1 << 20, 200, 1 << 20), "has more than 3 entries");
        }

        @Test
        @DisplayName("a metadata.json beyond maxMetadataBytes")
        void hugeMetadata() {
            byte[] huge =
                    real().metadata(m -> m.put("padding", "x".repeat(20_000))).build();
            refused(
                    huge,
                    new BundleLimits(100, 1L << 30, 4096, 1 << 20, 200, 1 << 20),
                    "metadata.json",
                    "the limit is 4096");
        }
    }

    @Nested
    @DisplayName("truncated, altered or incomplete archives")
    class Integrity {
        @Test
        @DisplayName("the archive cut in half, and cut in db.sql, in a media file and in the end blocks")
        void truncated() {
            for (int length :
                    new int[] {bundle.length / 2, 600, bundle.length / 4, bundle.length * 3 / 4, bundle.length - 20}) {
                refused(real().buildTruncated(length), NAME, "is truncated or corrupt", "download it again");
            }
        }

        @Test
        @DisplayName("a media file with a wrong SHA-256")
        void wrongHash() {
            String media = mediaEntries.get(0);
            BundleBuilder b = real();
            byte[] bytes = b.content(media);
            bytes[bytes.length / 2] ^= 1;
            refused(b.put(media, bytes).build(), media, "has SHA-256", "corrupt or altered");
        }

        @Test
        @DisplayName("a media file shorter than metadata.json says")
        void shorterMedia() {
            String media = mediaEntries.get(1);
            BundleBuilder b = real();
            byte[] bytes = b.content(media);
            refused(
                    b.put(media, Arrays.copyOf(bytes, bytes.length - 12)).build(),
                    media,
                    (bytes.length - 12) + " bytes in the archive but " + bytes.length + " in metadata.json");
        }

        @Test
        @DisplayName("a media file listed in metadata.json but missing")
        void missingMedia() {
            String media = mediaEntries.get(1);
            refused(real().remove(media).build(), media + " is listed in metadata.json but missing from the archive");
        }

        @Test
        @DisplayName("metadata.json missing, or not the first entry")
        void metadataMissingOrLate() {
            refused(
                    real().remove(BundleNames.METADATA).build(),
                    "metadata.json is missing or not the first entry",
                    "(found \"db.sql\" first)");
            refused(
                    real().move(BundleNames.METADATA, 1).build(),
                    "metadata.json is missing or not the first entry",
                    "(found \"db.sql\" first)");
        }

        @Test
        @DisplayName("db.sql altered after hashing: one byte of a message's text")
        void dbSqlAltered() {
            refused(
                    real().dbSql(s -> s.replace("hello garden", "hello gardeN")).build(),
                    "db.sql: has SHA-256",
                    "but metadata.json says",
                    "corrupt or altered");
        }

        @Test
        @DisplayName("a media file metadata.json does not list")
        void unlistedMedia() {
            refused(
                    real().add("media/extra.bin", new byte[] {1, 2, 3}).build(),
                    "media/extra.bin: is not listed in metadata.json media");
        }

        @Test
        @DisplayName("a media file's hash missing from metadata.json, and db.sql's")
        void hashMissing() {
            refused(
                    real().metadata(m -> ((ObjectNode) array(m, "media").get(0)).remove("sha256"))
                            .build(),
                    "metadata.json media[",
                    "needs a size and a lowercase hex sha256");
            refused(
                    real().metadata(m -> ((ObjectNode) m.get("dbSql")).remove("sha256"))
                            .build(),
                    "metadata.json dbSql",
                    "needs a size and a lowercase hex sha256");
        }

        @Test
        @DisplayName("db.sql missing")
        void dbSqlMissing() {
            refused(
                    real().remove(BundleNames.DB_SQL).build(),
                    "db.sql is missing or not the second entry",
                    "(found \"" + mediaEntries.get(0) + "\")");
        }
    }

    @Nested
    @DisplayName("metadata.json")
    class Metadata {
        @Test
        @DisplayName("not JSON")
        void notJson() {
            refused(
                    real().put(BundleNames.METADATA, "{ this is not json".getBytes(StandardCharsets.UTF_8))
                            .build(),
                    "metadata.json",
                    "is not valid JSON");
        }

        @Test
        @DisplayName("an unknown formatVersion")
        void formatVersion() {
            refused(
                    real().metadata(m -> m.put("formatVersion", 99)).build(),
                    "metadata.json formatVersion",
                    "is 99",
                    "upgrade Mesh-Lite");
        }

        @Test
        @DisplayName("a newer schemaVersion")
        void schemaVersion() {
            int newer = Migrations.ROOM_SCHEMA_VERSION + 1;
            refused(
                    real().metadata(m -> m.put("schemaVersion", newer)).build(),
                    "this bundle needs Mesh schema v" + newer + "; this installation has v"
                            + Migrations.ROOM_SCHEMA_VERSION + ": upgrade Mesh-Lite");
        }

        @Test
        @DisplayName("a slug with shell, SQL and HTML metacharacters")
        void hostileSlug() {
            refused(
                    real().metadata(m -> room(m).put("slug", "'; DROP TABLE x; --<script>"))
                            .build(),
                    "metadata.json room.slug",
                    "\"'; DROP TABLE x; --<script>\"",
                    "is not a valid slug");
        }

        @Test
        @DisplayName("null or missing lists and null list elements")
        void nulls() {
            refused(real().metadata(m -> m.putNull("media")).build(), "metadata.json media", "is missing");
            refused(real().metadata(m -> array(m, "media").addNull()).build(), "metadata.json media", "null");
            refused(real().metadata(m -> array(m, "authors").addNull()).build(), "metadata.json authors", "null");
            refused(real().metadata(m -> array(m, "members").addNull()).build(), "metadata.json members", "null");
        }

        @Test
        @DisplayName("a room name with metacharacters is data: stored verbatim, nothing runs")
        void hostileNameIsData() {
            String name = "'; DROP TABLE mesh.rooms; --<script>alert(1)</script>";
            byte[] b = real().metadata(m -> room(m).put("name", name)).build();
            ImportResult result =
                    target.importer().importBundle(in(b), NAME, new ImportOptions(true, null), ProgressListener.NONE);
            assertThat(target.rooms().findById(result.roomId()).orElseThrow().name())
                    .isEqualTo(name);
            assertThat(InstanceState.of(target).roomsTableExists()).isTrue();
        }
    }

    @Nested
    @DisplayName("db.sql is read, never run")
    class DbSql {
        @Test
        @DisplayName("DROP TABLE mesh.rooms")
        void drop() {
            refused(
                    real().dbSql(s -> s + "DROP TABLE mesh.rooms;\n").rehash().build(),
                    "db.sql",
                    "\"DROP TABLE mesh.rooms;\"",
                    "is not allowed");
        }

        @Test
        @DisplayName("DROP smuggled behind an allowed statement on the same line")
        void smuggledDrop() {
            refused(
                    real().dbSql(s -> s + "SET client_min_messages = warning; DROP TABLE mesh.rooms;\n")
                            .rehash()
                            .build(),
                    "db.sql",
                    "DROP TABLE mesh.rooms",
                    "is not allowed");
        }

        @Test
        @DisplayName("COPY ... FROM PROGRAM")
        void copyFromProgram() throws Exception {
            Path pwned = Path.of("/tmp/pwned-" + UUID.randomUUID());
            refused(
                    real().dbSql(s -> s.replace(
                                    "COPY ", "COPY x.messages (id) FROM PROGRAM 'touch " + pwned + "';\n\nCOPY "))
                            .rehash()
                            .build(),
                    "db.sql",
                    "COPY x.messages (id) FROM PROGRAM",
                    "is not allowed");
            assertThat(pwned).doesNotExist();
            Files.deleteIfExists(pwned);
        }

        @Test
        @DisplayName("ALTER ROLE postgres PASSWORD")
        void alterRole() {
            refused(
                    real().dbSql(s -> s + "ALTER ROLE postgres PASSWORD 'x';\n")
                            .rehash()
                            .build(),
                    "db.sql",
                    "\"ALTER ROLE postgres PASSWORD 'x';\"",
                    "is not allowed");
        }

        @Test
        @DisplayName("a psql shell escape, on its own line and inside a statement")
        void psqlShell() {
            Path pwned = Path.of("/tmp/pwned2-" + UUID.randomUUID());
            refused(
                    real().dbSql(s -> s.replace("SET ", "\\! touch " + pwned + "\nSET "))
                            .rehash()
                            .build(),
                    "db.sql",
                    "the psql command \"\\!\" is not allowed");
            refused(
                    real().dbSql(s -> s + "SET client_min_messages =\n\\! touch " + pwned + "\nwarning;\n")
                            .rehash()
                            .build(),
                    "db.sql",
                    "SET client_min_messages",
                    "is not allowed");
            assertThat(pwned).doesNotExist();
        }

        @Test
        @DisplayName("statements of allowed kinds are ignored, not run")
        void allowedKindsAreNotRun() {
            byte[] b = real().dbSql(s -> s + "CREATE TABLE mesh.pwned (x int);\nGRANT ALL ON SCHEMA mesh TO PUBLIC;\n")
                    .rehash()
                    .build();
            ImportResult result =
                    target.importer().importBundle(in(b), NAME, new ImportOptions(true, null), ProgressListener.NONE);
            assertThat(result.messages()).isEqualTo(5);
            boolean exists =
                    Transactions.inTransaction(target.internals().pools().global(), c -> {
                        try (Statement st = c.createStatement();
                                ResultSet rs = st.executeQuery("SELECT to_regclass('mesh.pwned') IS NOT NULL")) {
                            rs.next();
                            return rs.getBoolean(1);
                        }
                    });
            assertThat(exists).as("mesh.pwned was never created").isFalse();
        }

        @Test
        @DisplayName("a COPY row with too few and with too many fields")
        void wrongFieldCount() {
            refused(
                    real().dbSql(s -> editRow(s, "messages", 2, f -> f.subList(0, 3)))
                            .rehash()
                            .build(),
                    "db.sql",
                    "(COPY messages, row 2)",
                    "3 fields where the COPY names 11 columns");
            refused(
                    real().dbSql(s -> editRow(s, "media", 1, f -> {
                                List<String> more = new ArrayList<>(f);
                                more.add("extra");
                                return more;
                            }))
                            .rehash()
                            .build(),
                    "db.sql",
                    "(COPY media, row 1)",
                    "11 fields where the COPY names 10 columns");
        }

        @Test
        @DisplayName("a COPY row with invalid UTF-8")
        void invalidUtf8() {
            BundleBuilder b = real();
            byte[] sql = b.content(BundleNames.DB_SQL);
            byte[] marker = "hello garden".getBytes(StandardCharsets.UTF_8);
            int at = ByteSearch.indexOf(sql, marker);
            assertThat(at).isPositive();
            sql[at] = (byte) 0xC3;
            sql[at + 1] = (byte) 0x28;
            refused(
                    b.put(BundleNames.DB_SQL, sql).rehash().build(),
                    "db.sql",
                    "(COPY messages, row",
                    "is not valid UTF-8");
        }

        @Test
        @DisplayName("two message rows with the same id, and two media rows")
        void duplicateIds() {
            refused(
                    withField("messages", 2, "id", realField("messages", 1, "id")),
                    "db.sql",
                    "more than once in the COPY data of messages");
            // the staging table of media has its primary key: PostgreSQL names the id; the dry run names it too
            String first = realField("media", 1, "id");
            refused(withField("media", 2, "id", first), "db.sql", first);
        }

        @Test
        @DisplayName("two media rows naming the same object")
        void repeatedObjectKey() {
            // only a load into the database sees it: the staging table keeps the media's unique key
            String key = realField("media", 1, "object_key");
            refusedOnImport(
                    withField("media", 2, "object_key", key),
                    DEFAULTS,
                    target.internals().mediaStore(),
                    "db.sql",
                    "media_room_id_object_key_key",
                    key);
        }

        @Test
        @DisplayName("a media row pointing at a message the bundle does not hold")
        void danglingMediaRow() {
            refused(
                    withField("media", 1, "message_id", UUID.randomUUID().toString()),
                    "db.sql",
                    "media rows belong to messages that are not in db.sql (1 such messages)");
        }

        @Test
        @DisplayName("a message row and a media row of another room")
        void otherRoom() {
            String other = UUID.randomUUID().toString();
            refused(
                    withField("messages", 3, "room_id", other),
                    "db.sql",
                    "messages belong",
                    "another room than metadata.json room.id");
            refused(
                    withField("media", 2, "room_id", other),
                    "db.sql",
                    "media",
                    "another room than metadata.json room.id");
        }

        @Test
        @DisplayName("a message by an author metadata.json does not list")
        void unknownAuthor() {
            String stranger = UUID.randomUUID().toString();
            refused(
                    withField("messages", 1, "author_id", stranger),
                    "db.sql",
                    "messages by author " + stranger + ", who is not among metadata.json authors");
        }

        @Test
        @DisplayName("a media row whose file metadata.json does not list (its key written with COPY escapes)")
        void unlistedMediaKey() {
            // the COPY text of pic\-1<TAB>.png
            refused(
                    withField("media", 1, "object_key", "pic\\\\-1\\t.png"),
                    "db.sql",
                    "media row with object_key \"pic\\-1?.png\" has no file listed in metadata.json");
        }
    }

    @Nested
    @DisplayName("clean-up")
    class CleanUp {
        @Test
        @DisplayName("a failure at the last media file removes the media uploaded before it")
        void failureInTheMiddle() {
            String last = mediaEntries.get(mediaEntries.size() - 1);
            BundleBuilder b = real();
            byte[] bytes = b.content(last);
            bytes[0] ^= 1;
            RecordingStore store = new RecordingStore(target.internals().mediaStore());
            refused(b.put(last, bytes).build(), DEFAULTS, store, last, "has SHA-256");
            assertThat(store.puts)
                    .as("the earlier media had been uploaded before the failure")
                    .hasSize(3);
            assertThat(store.deletedPrefixes).hasSize(1);
            assertThat(store.puts).allSatisfy(key -> assertThat(key).startsWith(store.deletedPrefixes.get(0)));
        }

        @Test
        @DisplayName(
                "a failure in the last transaction, after ghosts, room and rows were written, rolls all of it back")
        void failureInTheLastTransaction() {
            InstanceState before = InstanceState.of(target);
            UUID unknownImporter = UUID.randomUUID();
            Throwable thrown = catchThrowable(() -> target.importer()
                    .importBundle(in(bundle), NAME, new ImportOptions(true, unknownImporter), ProgressListener.NONE));
            assertThat(thrown).isInstanceOf(MeshException.class).hasMessageContaining("room_members");
            InstanceState after = InstanceState.of(target);
            assertThat(after.stagingSchemas()).isEmpty();
            assertThat(after.importJobs()).isZero();
            assertThat(after).as("no room, no ghost user, no object").isEqualTo(before);
        }

        @Test
        @DisplayName(
                "cleanUpAbandoned() removes the staging schema, objects and job of a dead importer, not a live one's")
        void abandoned() throws Exception {
            String bucket = InstanceState.sharedBucket(target);
            target.internals().mediaStore().ensureBucket(bucket);
            Job crashed = crashedJob(bucket);
            Job running = crashedJob(bucket);
            assertThat(InstanceState.of(target).stagingSchemas()).contains(crashed.schema(), running.schema());
            // a live importer holds its job's lock for as long as it runs, on whichever server it runs
            try (Connection importer = target.internals().pools().global().getConnection();
                    PreparedStatement lock = importer.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
                lock.setString(1, "mesh-import:" + running.id());
                lock.execute();

                assertThat(target.importer().cleanUpAbandoned()).isEqualTo(1);

                InstanceState after = InstanceState.of(target);
                assertThat(after.stagingSchemas())
                        .doesNotContain(crashed.schema())
                        .contains(running.schema());
                assertThat(after.objects())
                        .noneMatch(k -> k.startsWith(crashed.prefix()))
                        .anyMatch(k -> k.startsWith(running.prefix()));
                assertThat(after.importJobs()).isEqualTo(1);
                try (Statement unlock = importer.createStatement()) {
                    unlock.execute("SELECT pg_advisory_unlock_all()");
                }
            }
            assertThat(target.importer().cleanUpAbandoned()).isEqualTo(1);
            InstanceState after = InstanceState.of(target);
            assertThat(after.stagingSchemas()).isEmpty();
            assertThat(after.importJobs()).isZero();
        }

        private record Job(UUID id, String schema, String prefix) {}

        /** What a killed import leaves: a job row, a staging schema with data, an object under the job's prefix. */
        private Job crashedJob(String bucket) {
            UUID id = UUID.randomUUID();
            String schema = "mesh_import_" + UUID.randomUUID().toString().replace("-", "");
            UUID roomId = UUID.randomUUID();
            String prefix = roomId + "/";
            Migrations.migrateRoomSchema(target.internals().pools().global(), schema, "1");
            Transactions.inTransaction(target.internals().pools().global(), c -> {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.import_jobs"
                        + " (id, room_id, staging_schema, bucket, key_prefix, owner_pid) VALUES (?, ?, ?, ?, ?, ?)")) {
                    st.setObject(1, id);
                    st.setObject(2, roomId);
                    st.setString(3, schema);
                    st.setString(4, bucket);
                    st.setString(5, prefix);
                    st.setLong(6, ProcessHandle.current().pid());
                    st.executeUpdate();
                }
                return null;
            });
            byte[] bytes = "half an upload".getBytes(StandardCharsets.UTF_8);
            target.internals().mediaStore().put(bucket, prefix + "abc/pic.png", in(bytes), bytes.length, "image/png");
            return new Job(id, schema, prefix);
        }
    }

    /** Passes everything to the real store and records the keys uploaded and the prefixes deleted. */
    private static final class RecordingStore implements MediaStore {
        private final MediaStore delegate;
        final List<String> puts = new ArrayList<>();
        final List<String> deletedPrefixes = new ArrayList<>();

        RecordingStore(MediaStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void ensureBucket(String bucket) {
            delegate.ensureBucket(bucket);
        }

        @Override
        public void put(String bucket, String key, InputStream content, long size, String contentType) {
            puts.add(key);
            delegate.put(bucket, key, content, size, contentType);
        }

        @Override
        public InputStream open(String bucket, String key) {
            return delegate.open(bucket, key);
        }

        @Override
        public boolean exists(String bucket, String key) {
            return delegate.exists(bucket, key);
        }

        @Override
        public void delete(String bucket, String key) {
            delegate.delete(bucket, key);
        }

        @Override
        public java.util.List<String> list(String bucket, String prefix) {
            return delegate.list(bucket, prefix);
        }

        @Override
        public int deleteAll(String bucket, String prefix) {
            deletedPrefixes.add(prefix);
            return delegate.deleteAll(bucket, prefix);
        }

        @Override
        public URI presignedGet(String bucket, String key, Duration validFor) {
            return delegate.presignedGet(bucket, key, validFor);
        }

        @Override
        public void ping() {
            delegate.ping();
        }
    }
}
