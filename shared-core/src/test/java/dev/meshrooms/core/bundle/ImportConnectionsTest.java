package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An import holds several of the global pool's connections at once (its job's lock, the load and then the
 * translation, the signature check's reader). A pool too small for it must refuse the import at once, saying what to
 * set, rather than let it wait on itself until the pool's wait ends; a pool just big enough must serve it whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("An import within the global pool's connections")
class ImportConnectionsTest {
    private MeshCore source;
    private byte[] bundle;
    private int messages;

    @BeforeAll
    void setUp() {
        source = TestMesh.start();
        User alice = source.users().create("alice", "Alice");
        Room room = source.roomService().create(new NewRoom("pool", "Pool", Visibility.PUBLIC), alice.id());
        Message first = source.messages().send(room.id(), alice.id(), "one", null);
        for (int i = 0; i < 4; i++) {
            source.messages().send(room.id(), alice.id(), "more " + i, first.id());
        }
        messages = 5;
        byte[] picture = new byte[50_000];
        new Random(7).nextBytes(picture);
        source.media()
                .attach(room, first.id(), "p.png", "image/png", new ByteArrayInputStream(picture), picture.length);
        bundle = RoundTripTest.export(source, room);
    }

    @AfterAll
    void tearDown() {
        source.close();
    }

    @Test
    @DisplayName(
            "a pool of two serves an import without a signature check, and refuses a bundle imported before by name")
    void twoConnectionsWithoutSignatureCheck() throws Exception {
        try (MeshCore target = TestMesh.start(TestPostgres.newDatabase(), List.of(), 2)) {
            // the earlier-import lookup after the stream runs while the lock and the translation hold both connections
            ImportResult shared = target.importer()
                    .importBundle(
                            in(),
                            "room.tar.zst",
                            new ImportOptions(false, null, ImportOptions.SignatureCheck.NONE).inShard(false),
                            ProgressListener.NONE);
            assertThat(shared.messages()).isEqualTo(messages);
            assertThat(shared.mediaFiles()).isEqualTo(1);
            assertThatThrownBy(() -> target.importer()
                            .importBundle(
                                    in(),
                                    "room.tar.zst",
                                    new ImportOptions(false, null, ImportOptions.SignatureCheck.NONE),
                                    ProgressListener.NONE))
                    .isInstanceOfSatisfying(
                            MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_IMPORTED))
                    .hasMessageContaining(shared.slug());
            ImportResult sharded = target.importer()
                    .importBundle(
                            in(),
                            "room.tar.zst",
                            new ImportOptions(true, null, ImportOptions.SignatureCheck.NONE).inShard(true),
                            ProgressListener.NONE);
            assertThat(sharded.shardSchema()).isNotNull();
            assertThat(target.messages().page(sharded.roomId(), null, 50).messages())
                    .hasSize(messages);
            assertThat(target.rooms().list()).hasSize(2);
            assertNothingLeftOver(target);
        }
    }

    @Test
    @DisplayName("a pool of two refuses an import with a signature check before reading a byte, naming the setting")
    void twoConnectionsWithSignatureCheckRefused() throws Exception {
        try (MeshCore target = TestMesh.start(TestPostgres.newDatabase(), List.of(), 2)) {
            AtomicLong read = new AtomicLong();
            InputStream counting = new ByteArrayInputStream(bundle) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len);
                    read.addAndGet(Math.max(0, n));
                    return n;
                }

                @Override
                public synchronized int read() {
                    read.incrementAndGet();
                    return super.read();
                }
            };
            long started = System.nanoTime();
            assertThatThrownBy(() -> target.importer()
                            .importBundle(
                                    counting,
                                    "room.tar.zst",
                                    new ImportOptions(false, null, ImportOptions.SignatureCheck.KNOWN_AUTHORS),
                                    ProgressListener.NONE))
                    .isInstanceOfSatisfying(
                            MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                    .hasMessageContaining("room.tar.zst needs 3 database connections")
                    .hasMessageContaining("MESH_DB_POOL_SIZE to 3 or more")
                    .hasMessageEndingWith(BundleException.NOTHING_IMPORTED);
            assertThat((System.nanoTime() - started) / 1_000_000)
                    .as("refused at once, not after the pool's wait")
                    .isLessThan(2_000);
            assertThat(read).hasValue(0);
            assertThat(target.rooms().list()).isEmpty();
            assertNothingLeftOver(target);
        }
    }

    @Test
    @DisplayName(
            "a pool of three serves an import checking every signature, into a new shard and into the shared tables")
    void threeConnectionsWithEverySignature() throws Exception {
        try (MeshCore target = TestMesh.start(TestPostgres.newDatabase(), List.of(), 3)) {
            for (boolean intoShard : new boolean[] {true, false}) {
                ImportResult r = target.importer()
                        .importBundle(
                                in(),
                                "room.tar.zst",
                                new ImportOptions(true, null, ImportOptions.SignatureCheck.ALL).inShard(intoShard),
                                ProgressListener.NONE);
                assertThat(r.shardSchema() != null).isEqualTo(intoShard);
                assertThat(r.signaturesChecked()).isEqualTo(messages);
                assertThat(r.signaturesValid()).isEqualTo(messages);
            }
            assertThat(target.rooms().list()).hasSize(2);
            assertNothingLeftOver(target);
        }
    }

    private InputStream in() {
        return new ByteArrayInputStream(bundle);
    }

    /** No import job left, and no staging schema. */
    private static void assertNothingLeftOver(MeshCore mesh) throws Exception {
        try (Connection c = mesh.internals().pools().global().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM mesh.import_jobs),"
                        + " (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'mesh\\_import\\_%')")) {
            rs.next();
            assertThat(rs.getLong(1)).as("import jobs left").isZero();
            assertThat(rs.getLong(2)).as("staging schemas left").isZero();
        }
    }
}
