package dev.meshrooms.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The free tier: over it, files, imports into a new shard and moves are refused with 402; text goes on")
class RoomLimitsTest {
    private static final long TIER = 600_000;
    private MeshCore mesh;
    private MeshCore lenient;
    private User ana;

    @BeforeAll
    void start() {
        mesh = TestMesh.start(
                TestMesh.settingsBuilder(TestPostgres.newDatabase(), List.of(), CoreSettings.DEFAULT_POOL_SIZE)
                        .freeTier(new FreeTier(TIER, 30, true))
                        .build());
        lenient = TestMesh.start();
        ana = mesh.users().create("ana", "Ana");
    }

    @AfterAll
    void stop() {
        mesh.close();
        lenient.close();
    }

    private void attach(MeshCore core, Room room, UUID message, int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        core.media()
                .attach(
                        core.rooms().findById(room.id()).orElseThrow(),
                        message,
                        "f" + size + ".bin",
                        "application/octet-stream",
                        new ByteArrayInputStream(bytes),
                        bytes.length);
    }

    @Test
    @DisplayName("a sharded room past the bytes: files refused with the figures, messages still sent, billing lifts it")
    void overTheBytes() throws Exception {
        Room garden = mesh.shardedRooms().create(new NewRoom("garden", "Garden", Visibility.PUBLIC), ana.id(), null);
        var first = mesh.messages().send(garden.id(), ana.id(), "the first photo", null);
        // an empty shard's tables take about 120 KiB; with this picture it is past 80 % of the tier
        attach(mesh, garden, first.id(), 380_000);
        mesh.usageSampler().sampleAll(Instant.now());
        assertThat(mesh.limits().of(garden).state())
                .as("at 80 %% and more: a warning")
                .isEqualTo(LimitState.NEAR);

        attach(mesh, garden, first.id(), 150_000);
        mesh.usageSampler().sampleAll(Instant.now().plusSeconds(1));
        RoomLimits.Standing over = mesh.limits().of(garden);
        assertThat(over.state()).isEqualTo(LimitState.OVER);
        assertThat(over.storageBytes()).isGreaterThan(TIER);

        assertThatThrownBy(() -> attach(mesh, garden, first.id(), 1_000))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("Room garden: attaching files is paused")
                .hasMessageContaining("over its free tier")
                .hasMessageContaining("of 585.9 KiB")
                .hasMessageContaining("Messages still work")
                .satisfies(e -> assertThat(((MeshException) e).code()).isEqualTo(ErrorCode.OVER_LIMIT))
                .satisfies(
                        e -> assertThat(((MeshException) e).code().httpStatus()).isEqualTo(402));
        assertThat(mesh.messages().send(garden.id(), ana.id(), "words still go through", null))
                .isNotNull();

        setBilling(garden.id(), "cus_test_123");
        assertThat(mesh.limits().of(garden).state()).isEqualTo(LimitState.WITHIN);
        attach(mesh, garden, first.id(), 1_000);
    }

    @Test
    @DisplayName("past the days with its own shard: over, whatever its size")
    void overTheDays() {
        Room shed = mesh.shardedRooms().create(new NewRoom("shed", "Shed", Visibility.PUBLIC), ana.id(), null);
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        mesh.usageSampler().sampleAll(start);
        mesh.usageSampler().sampleAll(start.plus(Duration.ofDays(24)));
        assertThat(mesh.limits().of(shed).state())
                .as("the last 7 days: a warning")
                .isEqualTo(LimitState.NEAR);
        mesh.usageSampler().sampleAll(start.plus(Duration.ofDays(31)));
        assertThat(mesh.limits().of(shed).state()).isEqualTo(LimitState.OVER);
        assertThat(mesh.limits().of(shed).sentence()).contains("day 32 of 30");
    }

    @Test
    @DisplayName("decentralising a room bigger than the tier, and importing one into a new shard, are refused first")
    void decentraliseAndImport() {
        Room porch = mesh.roomService().create(new NewRoom("porch", "Porch", Visibility.PUBLIC), ana.id());
        var m = mesh.messages().send(porch.id(), ana.id(), "a big picture", null);
        attach(mesh, porch, m.id(), 700_000);
        assertThat(mesh.limits().of(porch).state())
                .as("a room in the shared tables is not held to the tier")
                .isEqualTo(LimitState.WITHIN);
        assertThatThrownBy(() -> mesh.moves()
                        .decentralise(mesh.rooms().findById(porch.id()).orElseThrow()))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("Room porch holds")
                .hasMessageContaining("add billing to the room first")
                .satisfies(e -> assertThat(((MeshException) e).code()).isEqualTo(ErrorCode.OVER_LIMIT));
        assertThat(mesh.moves().status(porch.id())).as("no move was started").isEmpty();

        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        mesh.exporter("http://here.example").export(porch.id(), bundle, ProgressListener.NONE);
        assertThatThrownBy(() -> mesh.importer()
                        .importBundle(
                                new ByteArrayInputStream(bundle.toByteArray()),
                                "room_porch.tar.zst",
                                new ImportOptions(true, ana.id()).inShard(true),
                                ProgressListener.NONE))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("room_porch.tar.zst holds")
                .hasMessageContaining("sharded=false")
                .satisfies(e -> assertThat(((MeshException) e).code()).isEqualTo(ErrorCode.OVER_LIMIT));
        assertThat(mesh.rooms().list()).extracting(Room::slug).noneMatch(s -> s.startsWith("importing-"));
        // where the import does not say and the size would give the room a shard: the shared tables, as the tier is
        // enforced here (a room's own shard counts against it)
        var byRule = mesh.importer()
                .withShardFrom(1)
                .importBundle(
                        new ByteArrayInputStream(bundle.toByteArray()),
                        "room_porch.tar.zst",
                        new ImportOptions(true, ana.id()),
                        ProgressListener.NONE);
        assertThat(byRule.shardSchema()).isNull();
        assertThat(mesh.rooms().findById(byRule.roomId()).orElseThrow().isSharded())
                .isFalse();
        // an instance whose every import goes into a shard holds an unasked one to the tier as one that asks
        assertThatThrownBy(() -> mesh.importer()
                        .withShardFrom(0)
                        .importBundle(
                                new ByteArrayInputStream(bundle.toByteArray()),
                                "room_porch.tar.zst",
                                new ImportOptions(true, ana.id()),
                                ProgressListener.NONE))
                .hasMessageContaining("room_porch.tar.zst holds");
        var intoShared = mesh.importer()
                .importBundle(
                        new ByteArrayInputStream(bundle.toByteArray()),
                        "room_porch.tar.zst",
                        new ImportOptions(true, ana.id()).inShard(false),
                        ProgressListener.NONE);
        assertThat(intoShared.messages()).isEqualTo(1);

        // an instance that does not enforce the tier holds nobody to it
        Room big = lenient.roomService().create(new NewRoom("big", "Big", Visibility.PUBLIC), ana(lenient));
        var n = lenient.messages().send(big.id(), ana(lenient), "a big picture", null);
        attach(lenient, big, n.id(), 700_000);
        assertThat(lenient.moves()
                        .decentralise(lenient.rooms().findById(big.id()).orElseThrow()))
                .isNotNull();
    }

    private UUID lenientAna;

    private UUID ana(MeshCore core) {
        if (lenientAna == null) {
            lenientAna = core.users().create("ana", "Ana").id();
        }
        return lenientAna;
    }

    private void setBilling(UUID roomId, String customer) throws Exception {
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "UPDATE mesh.rooms SET billing_customer = ?, billing_subscription = ?" + " WHERE id = ?")) {
            st.setString(1, customer);
            st.setString(2, customer == null ? null : "sub_" + customer);
            st.setObject(3, roomId);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }
}
