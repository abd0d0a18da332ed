package dev.meshrooms.bench;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.move.MoveSettings;
import dev.meshrooms.core.move.MoveStatus;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decentralise benchmark: a reference room of N signed messages in the global schema is decentralised
 * into its own schema and re-centralised, while writers keep sending — at a busy member's pace (25 messages/s each,
 * the goal's row) or, with {@code --rate=0}, as fast as the server takes them (a stress figure, reported). Reports
 * rows copied per second in the copy phase, how long writes were fenced, and the slowest send seen by the writers.
 * Run with {@code ./bench moves}.
 */
public final class MoveBench {
    private MoveBench() {}

    public static void main(String[] args) throws Exception {
        int messages = 1_000_000;
        int writers = 2;
        int batch = MoveSettings.DEFAULT_BATCH_ROWS;
        int rate = 25;
        for (String arg : args) {
            if (arg.startsWith("--messages=")) {
                messages = Integer.parseInt(arg.substring(11));
            } else if (arg.startsWith("--writers=")) {
                writers = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--batch=")) {
                batch = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--rate=")) {
                rate = Integer.parseInt(arg.substring(7));
            }
        }
        System.out.println("Move benchmark: " + Machine.describe() + "; load " + Machine.load());
        try (MeshCore mesh = TestMesh.start(TestPostgres.newDatabase(), List.of(), 10)) {
            mesh.startWorker(MoveSettings.DEFAULTS.withBatchRows(batch).withCleanupDelay(Duration.ZERO));
            List<User> users = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                User u = mesh.users().create("user" + i, "User " + i);
                users.add(u);
            }
            Room room = mesh.roomService()
                    .create(
                            new NewRoom("reference-room", "Reference room", Visibility.PUBLIC),
                            users.get(0).id());
            long loadStart = System.nanoTime();
            try (Connection c = mesh.internals().pools().global().getConnection();
                    Statement st = c.createStatement()) {
                // rows shaped like the reference room's (bodies of 10-200 characters, 64-byte signatures, 20 authors);
                // generated in SQL because signing 1M messages on this machine takes longer than the move itself
                String authors = users.stream()
                        .map(u -> "'" + u.id() + "'::uuid")
                        .reduce((a, b) -> a + "," + b)
                        .orElseThrow();
                st.execute(
                        "INSERT INTO mesh.messages (id, room_id, author_id, body, created_at, signature, original_id,"
                                + " original_room_id) SELECT g.id, '" + room.id() + "', (ARRAY[" + authors
                                + "])[1 + g.n % 20],"
                                + " substr(repeat('the quick brown fox jumps over a lazy dog and ', 5), 1 + g.n % 7, (10 + (g.n::bigint * 7919) % 190)::int),"
                                + " timestamptz '2024-01-01' + make_interval(secs => g.n),"
                                + " decode(md5(g.n::text) || md5((g.n * 3)::text) || md5((g.n * 7)::text) || md5((g.n * 11)::text), 'hex'),"
                                + " g.id, '" + room.id()
                                + "' FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, " + messages
                                + ") n) g");
                st.execute("VACUUM (ANALYZE) mesh.messages, mesh.media");
            }
            System.out.printf("loaded %,d rows in %.1f s%n", messages, (System.nanoTime() - loadStart) / 1e9);
            System.out.printf(
                    "reference room: %,d messages in mesh.messages; batches of %,d rows; %d writers sending %s%n",
                    messages, batch, writers, rate == 0 ? "as fast as they can" : rate + " messages/s each");
            double rowsPerSecond = run(
                    mesh,
                    room,
                    users,
                    writers,
                    rate,
                    "decentralise (mesh → room_<hex>, secondary index built after the copy)");
            // at a member's pace the goal's row; flat out a stress figure beside it
            boolean paced = rate > 0;
            SummaryFile.round(
                    paced ? "decentralise" : "decentralise-flat-out",
                    "decentralise copy phase (rows/s), " + writers + " members writing "
                            + (paced ? rate + " messages/s each" : "as fast as they can"),
                    "-",
                    paced ? ">= 200000" : "-",
                    rowsPerSecond,
                    String.format("%,d rows", messages));
            try (Connection c = mesh.internals().pools().global().getConnection()) {
                SummaryFile.database("moves (embedded PostgreSQL)", SummaryFile.settings(c));
            }
            run(mesh, room, users, writers, rate, "re-centralise (room_<hex> → mesh, into the indexed shared table)");
            System.out.println("load after: " + Machine.load());
        }
        System.exit(0); // the in-process S3 store keeps non-daemon threads
    }

    /** {@code rate}: messages per second per writer, 0 for as fast as the server takes them. */
    /** One move while members write; its copy phase's rows per second. */
    private static double run(MeshCore mesh, Room room, List<User> users, int writers, int rate, String what)
            throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        AtomicLong slowest = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            UUID author = users.get(w + 1).id();
            Thread t = new Thread(() -> {
                long pause = rate == 0 ? 0 : 1_000_000_000L / rate;
                long next = System.nanoTime();
                while (sending.get()) {
                    if (pause > 0) {
                        next += pause;
                        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                    }
                    long s = System.nanoTime();
                    mesh.messages().send(room.id(), author, "live message", null);
                    slowest.accumulateAndGet(System.nanoTime() - s, Math::max);
                    sent.incrementAndGet();
                }
            });
            threads.add(t);
            t.start();
        }
        Thread.sleep(500);
        slowest.set(0);
        Room current = mesh.rooms().findById(room.id()).orElseThrow();
        long start = System.nanoTime();
        if (current.isSharded()) {
            mesh.moves().recentralise(current);
        } else {
            mesh.moves().decentralise(current);
        }
        long copyStart = 0;
        long copyEnd = 0;
        long rowsAtEnd = 0;
        MoveStatus status;
        while (true) {
            status = mesh.moves().status(room.id()).orElseThrow();
            long now = System.nanoTime();
            if (copyStart == 0 && status.phase().equals("copy-rows")) {
                copyStart = now;
            }
            if (copyStart != 0 && copyEnd == 0 && !status.phase().equals("copy-rows")) {
                copyEnd = now;
                rowsAtEnd = status.rowsCopied();
            }
            if (status.finished()) {
                break;
            }
            Thread.sleep(10);
        }
        double total = (System.nanoTime() - start) / 1e9;
        sending.set(false);
        for (Thread t : threads) {
            t.join();
        }
        if (!"succeeded".equals(status.state())) {
            throw new IllegalStateException(what + " failed: " + status.error());
        }
        double copySeconds = (copyEnd - copyStart) / 1e9;
        System.out.printf(
                "%s%n  copy phase: %,d rows in %.2f s = %,.0f rows/s%n  whole job: %.1f s; write fence: %d ms;"
                        + " slowest send during the job: %d ms; %,d messages sent during it%n",
                what,
                rowsAtEnd,
                copySeconds,
                rowsAtEnd / copySeconds,
                total,
                status.fenceMillis(),
                slowest.get() / 1_000_000,
                sent.get());
        return rowsAtEnd / copySeconds;
    }
}
