package dev.meshrooms.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Usage sampling: rows, media and shard time per room, from the shard and bucket or the shared tables")
class UsageSamplerTest {
    private MeshCore mesh;
    private User ana;
    private Room shared;
    private Room sharded;

    @BeforeAll
    void rooms() {
        mesh = TestMesh.start(
                TestPostgres.newDatabase(), List.of(TestPostgres.newDatabase()), CoreSettings.DEFAULT_POOL_SIZE);
        ana = mesh.users().create("ana", "Ana");
        shared = mesh.roomService().create(new NewRoom("porch", "Porch", Visibility.PUBLIC), ana.id());
        sharded = mesh.shardedRooms().create(new NewRoom("garden", "Garden", Visibility.PUBLIC), ana.id(), null);
        write(shared, 5, 2, 10_000);
        write(sharded, 7, 3, 20_000);
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    private void write(Room room, int messages, int pictures, int size) {
        for (int i = 1; i <= messages; i++) {
            var m = mesh.messages().send(room.id(), ana.id(), "message " + i, null);
            if (i <= pictures) {
                attach(room, m.id(), size);
            }
        }
    }

    private void attach(Room room, java.util.UUID message, int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        mesh.media()
                .attach(
                        mesh.rooms().findById(room.id()).orElseThrow(),
                        message,
                        "f" + size + ".bin",
                        "application/octet-stream",
                        new ByteArrayInputStream(bytes),
                        bytes.length);
    }

    private void dropSchema(Room room) throws Exception {
        try (java.sql.Connection c =
                        mesh.internals().pools().forServer(room.shardUrl()).getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + room.shardSchema() + " CASCADE");
        }
    }

    @Test
    @DisplayName("each room's figures come from where its data lives; shard time accrues; old samples go")
    void samples() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UsageSampler sampler = mesh.usageSampler();
        UsageSampler.Run run = sampler.sampleAll(t0);
        assertThat(run.failed()).isZero();

        UsageSample porch = mesh.usage().latestByRoom().get(shared.id());
        assertThat(porch.sharded()).isFalse();
        assertThat(porch.messages()).isEqualTo(5);
        assertThat(porch.mediaObjects()).isEqualTo(2);
        assertThat(porch.mediaBytes()).isEqualTo(20_000);
        assertThat(porch.dbBytes()).as("its share of the shared tables").isPositive();
        assertThat(porch.shardSeconds()).isZero();

        Room garden = mesh.rooms().findById(sharded.id()).orElseThrow();
        assertThat(garden.mediaBucket()).isNotEqualTo(mesh.media().sharedBucket());
        UsageSample first = mesh.usage().latestByRoom().get(sharded.id());
        assertThat(first.sharded()).isTrue();
        assertThat(first.messages()).isEqualTo(7);
        assertThat(first.mediaObjects()).as("objects listed in its own bucket").isEqualTo(3);
        assertThat(first.mediaBytes()).isEqualTo(60_000);
        assertThat(first.dbBytes()).as("its schema's tables and indexes").isGreaterThan(8192 * 4);

        // a quarter of an hour later: the shard's time counts, and a new picture is found in the bucket
        var m = mesh.messages().send(sharded.id(), ana.id(), "one more", null);
        attach(sharded, m.id(), 5_000);
        sampler.sampleAll(t0.plus(Duration.ofMinutes(15)));
        UsageSample second = mesh.usage().latestByRoom().get(sharded.id());
        assertThat(second.shardSeconds()).isEqualTo(900);
        assertThat(second.messages()).isEqualTo(8);
        assertThat(second.mediaObjects()).isEqualTo(4);
        assertThat(second.mediaBytes()).isEqualTo(65_000);
        assertThat(mesh.usage().latestByRoom().get(shared.id()).shardSeconds())
                .as("a room in the shared tables has no shard time")
                .isZero();

        assertThat(mesh.usage().of(sharded.id(), t0, t0.plus(Duration.ofHours(1))))
                .extracting(UsageSample::shardSeconds)
                .containsExactly(0L, 900L);
        assertThatThrownBy(() -> mesh.usage().of(sharded.id(), t0, t0))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("from: must be before to");

        // a room whose shard cannot be read is left out of the run; the others are sampled
        Room doomed = mesh.shardedRooms().create(new NewRoom("doomed", "Doomed", Visibility.PUBLIC), ana.id(), null);
        dropSchema(mesh.rooms().findById(doomed.id()).orElseThrow());
        UsageSampler.Run partial = sampler.sampleAll(t0.plus(Duration.ofMinutes(20)));
        assertThat(partial.failed()).isEqualTo(1);
        assertThat(mesh.usage().latestByRoom().get(sharded.id()).sampledAt())
                .isEqualTo(t0.plus(Duration.ofMinutes(20)));
        assertThat(mesh.usage().latestByRoom()).doesNotContainKey(doomed.id());
        try (java.sql.Connection c = mesh.internals().pools().global().getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("DELETE FROM mesh.rooms WHERE id = '" + doomed.id() + "'");
        }
        mesh.internals().stores().invalidate(doomed.id());

        // past the retention, the earlier samples are removed by the next run
        Instant later = t0.plus(UsageSettings.DEFAULTS.retention()).plus(Duration.ofHours(1));
        sampler.sampleAll(later);
        assertThat(mesh.usage().of(sharded.id(), t0.minus(Duration.ofDays(1)), later.plusSeconds(1)))
                .extracting(UsageSample::sampledAt)
                .containsExactly(later);
        assertThat(mesh.usage().latestByRoom().get(sharded.id()).shardSeconds())
                .as("shard time counts across a gap between samples")
                .isEqualTo(900
                        + Duration.between(t0.plus(Duration.ofMinutes(15)), later)
                                .toSeconds());
    }
}
