package dev.meshrooms.core.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.s3.S3MediaStore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.signature.KeyVault;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.core.testing.TestS3;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A room's write fence: bounded for the move, never held by waiting writers")
class WriteFenceTest {
    private static final Duration BUDGET = Duration.ofMillis(200);
    private MeshCore mesh;
    private User alice;

    @BeforeAll
    void start() {
        mesh = MeshCore.start(
                CoreSettings.builder()
                        .global(TestPostgres.newDatabase())
                        .poolSize(2)
                        .masterKey(KeyVault.newMasterKey())
                        .mediaBucket("mesh-fence-" + Long.toHexString(System.nanoTime()))
                        .fenceBudget(BUDGET)
                        .build(),
                new S3MediaStore(TestS3.settings()));
        mesh.startWorker(MoveSettings.DEFAULTS.withCleanupDelay(Duration.ZERO));
        alice = mesh.users().create("alice", "Alice");
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    @Test
    @DisplayName(
            "a fence that cannot be raised within its budget is lowered and tried again; the job succeeds and counts the attempts")
    void fenceOverBudgetIsRetried() throws Exception {
        Room room = mesh.roomService().create(new NewRoom("held", "Held", Visibility.PUBLIC), alice.id());
        for (int i = 0; i < 20; i++) {
            mesh.messages().send(room.id(), alice.id(), "before " + i, null);
        }
        // a writer's transaction that stays open holds the fence lock shared, as a slow write would
        try (Connection holder = mesh.internals().pools().global().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock_shared(" + ChangeCapture.LOCK_CLASS + ", hashtext('"
                        + room.id() + "'))");
            }
            mesh.moves().decentralise(room);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            MoveStatus status = mesh.moves().status(room.id()).orElseThrow();
            while (status.fenceAttempts() < 2 && !status.finished()) {
                assertThat(System.nanoTime())
                        .as("the move never reached its fence: " + status)
                        .isLessThan(deadline);
                Thread.sleep(20);
                status = mesh.moves().status(room.id()).orElseThrow();
            }
            assertThat(status.state()).as(status.error()).isEqualTo("running");
            assertThat(status.sovereign()).isFalse();
            // while the fence is down between attempts, writes go on at the old place
            assertThat(mesh.messages().send(room.id(), alice.id(), "between attempts", null))
                    .isNotNull();
            holder.rollback();
        }
        MoveStatus done = await(room.id());
        assertThat(done.state()).as(done.error()).isEqualTo("succeeded");
        assertThat(done.fenceAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(done.fenceMillis()).isLessThan(BUDGET.toMillis() + 200);
        assertThat(mesh.messages().page(room.id(), null, 100).messages()).hasSize(21);
        mesh.moves().recentralise(mesh.rooms().findById(room.id()).orElseThrow());
        assertThat(await(room.id()).state()).isEqualTo("succeeded");
    }

    @Test
    @DisplayName(
            "a write that meets the fence waits without a connection, then lands; past its wait it is ROOM_BUSY (503), never a failure")
    void writersWaitWithoutConnections() throws Exception {
        Room room = mesh.roomService().create(new NewRoom("fenced", "Fenced", Visibility.PUBLIC), alice.id());
        RoomPlace place = RoomPlace.global(room.id(), "unused");
        ChangeCapture capture = new ChangeCapture(place);
        try (Connection c = mesh.internals().pools().global().getConnection()) {
            c.setAutoCommit(false);
            capture.install(c);
            c.commit();
            c.setAutoCommit(true);
        }
        try (Connection fence = mesh.internals().pools().global().getConnection()) {
            fence.setAutoCommit(false);
            capture.fence(fence, Duration.ofSeconds(5));
            // the fence holds one of the pool's two connections; a waiting writer must not take the other for long
            long started = System.nanoTime();
            assertThatThrownBy(() -> mesh.messages().send(room.id(), alice.id(), "too late", null))
                    .isInstanceOf(MeshException.class)
                    .satisfies(e -> assertThat(((MeshException) e).code()).isEqualTo(ErrorCode.ROOM_BUSY));
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(waited).isBetween(BUDGET.toMillis() * 2 - 50, BUDGET.toMillis() * 2 + 1_000);
            assertThat(ErrorCode.ROOM_BUSY.httpStatus()).isEqualTo(503);
            assertThat(ErrorCode.ROOM_BUSY.retryAfterSeconds()).isPositive();

            // meanwhile the room's reads and other rooms' writes go on, on the one free connection
            Room other =
                    mesh.roomService().create(new NewRoom("elsewhere", "Elsewhere", Visibility.PUBLIC), alice.id());
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                mesh.messages().send(other.id(), alice.id(), "other room " + i, null);
                assertThat(mesh.messages().page(room.id(), null, 10).messages()).isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - t).toMillis()).isLessThan(1_000);
            }
            // a write that meets the fence shortly before it is lowered lands once it is
            java.util.concurrent.CompletableFuture<Object> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> mesh.messages().send(room.id(), alice.id(), "waits", null));
            Thread.sleep(BUDGET.toMillis() / 2);
            fence.rollback();
            assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(mesh.messages().page(room.id(), null, 10).messages())
                .extracting(v -> v.message().body())
                .containsExactly("waits");
        try (Connection c = mesh.internals().pools().global().getConnection()) {
            c.setAutoCommit(false);
            capture.uninstall(c);
            c.commit();
        }
    }

    private MoveStatus await(UUID roomId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            MoveStatus status = mesh.moves().status(roomId).orElseThrow();
            if (status.finished()) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the move did not finish: " + mesh.moves().status(roomId));
    }
}
