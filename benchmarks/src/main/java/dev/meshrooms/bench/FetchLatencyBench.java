package dev.meshrooms.bench;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.MessageCursor;
import dev.meshrooms.core.model.MessagePage;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * fetchMessages latency: one unsharded and one sharded room hold the same messages (same authors, bodies and times,
 * sent through {@code MessageService.sendAt}, so every one is signed). {@code MessageService.page} reads them, the two
 * rooms interleaved, at the same cursor depths; then {@code RoomStore.fetchMessages} alone, which separates the routed
 * query from the author and media look-ups around it.
 */
final class FetchLatencyBench {
    private static final int AUTHORS = 5;
    private final MeshCore mesh;
    private final BenchOptions options;

    /** One way of reading a page: returns how many messages it got. */
    @FunctionalInterface
    private interface PageRead {
        int read(UUID roomId, String cursor);
    }

    /** The same call timed on both rooms. */
    record Comparison(Latencies unsharded, Latencies sharded) {
        double p50Ratio() {
            return sharded.p50Micros() / unsharded.p50Micros();
        }

        double p99Ratio() {
            return sharded.p99Micros() / unsharded.p99Micros();
        }
    }

    /**
     * @param page  {@code MessageService.page}: routing, the room's messages, their authors and media
     * @param store {@code RoomStores.forRoom(id).fetchMessages}: routing and the room's messages only
     */
    record Result(Comparison page, Comparison store, int pagesPerRoom, Duration seeding) {}

    FetchLatencyBench(MeshCore mesh, BenchOptions options) {
        this.mesh = mesh;
        this.options = options;
    }

    Result run() throws Exception {
        List<User> authors = new ArrayList<>();
        for (int i = 0; i < AUTHORS; i++) {
            authors.add(mesh.users().create("author-" + i, "Author " + i));
        }
        UUID owner = authors.get(0).id();
        Room plain = mesh.roomService().create(new NewRoom("latency-plain", "Unsharded", Visibility.PUBLIC), owner);
        Room sharded =
                mesh.shardedRooms().create(new NewRoom("latency-sharded", "Sharded", Visibility.PUBLIC), owner, null);

        long start = System.nanoTime();
        MessageScript.random(options.messages(), authors, 42).sendInParallel(mesh.messages(), plain.id(), sharded.id());
        Duration seeding = Duration.ofNanos(System.nanoTime() - start);
        settle("mesh.messages", sharded.shardSchema() + ".messages");

        Walk plainWalk = walk(plain.id());
        Walk shardedWalk = walk(sharded.id());
        if (!plainWalk.bodies().equals(shardedWalk.bodies())) {
            throw new IllegalStateException("the two rooms do not page the same messages in the same order");
        }
        List<String> plainCursors = plainWalk.cursors();
        List<String> shardedCursors = shardedWalk.cursors();
        PageRead page = (roomId, cursor) -> mesh.messages()
                .page(roomId, cursor, options.pageSize())
                .messages()
                .size();
        PageRead store = (roomId, cursor) -> mesh.internals()
                .stores()
                .forRoom(roomId)
                .fetchMessages(cursor == null ? null : MessageCursor.decode(cursor), options.pageSize())
                .size();
        Comparison pages = compare(page, plain.id(), sharded.id(), plainCursors, shardedCursors);
        Comparison stores = compare(store, plain.id(), sharded.id(), plainCursors, shardedCursors);
        return new Result(pages, stores, plainCursors.size(), seeding);
    }

    private Comparison compare(
            PageRead read, UUID plain, UUID sharded, List<String> plainCursors, List<String> shardedCursors) {
        measure(read, plain, sharded, plainCursors, shardedCursors, options.warmup());
        long[][] nanos = measure(read, plain, sharded, plainCursors, shardedCursors, options.iterations());
        return new Comparison(Latencies.of(nanos[0]), Latencies.of(nanos[1]));
    }

    /**
     * Fresh statistics and visibility maps for both tables, as autovacuum would leave them after a while, and a
     * checkpoint now rather than in the middle of measuring.
     */
    private void settle(String... tables) throws SQLException {
        try (Connection c = mesh.internals().pools().global().getConnection();
                Statement st = c.createStatement()) {
            for (String table : tables) {
                st.execute("VACUUM ANALYZE " + table);
            }
            st.execute("CHECKPOINT");
        }
    }

    /** A room read from newest to oldest: the cursor of every non-empty page (null first) and every body. */
    private record Walk(List<String> cursors, List<String> bodies) {}

    private Walk walk(UUID roomId) {
        Walk walk = new Walk(new ArrayList<>(), new ArrayList<>());
        String cursor = null;
        do {
            MessagePage page = mesh.messages().page(roomId, cursor, options.pageSize());
            if (page.messages().isEmpty()) {
                break;
            }
            walk.cursors().add(cursor);
            page.messages().forEach(view -> walk.bodies().add(view.message().body()));
            cursor = page.next();
        } while (cursor != null);
        if (walk.bodies().size() != options.messages()) {
            throw new IllegalStateException(
                    "room " + roomId + " pages " + walk.bodies().size() + " of " + options.messages() + " messages");
        }
        return walk;
    }

    /** Reads {@code rounds} pages of each room, alternating which room goes first; returns [unsharded, sharded] nanos. */
    private long[][] measure(
            PageRead read,
            UUID plain,
            UUID sharded,
            List<String> plainCursors,
            List<String> shardedCursors,
            int rounds) {
        long[][] nanos = new long[2][rounds];
        for (int i = 0; i < rounds; i++) {
            int depth = i % plainCursors.size();
            if (i % 2 == 0) {
                nanos[0][i] = timePage(read, plain, plainCursors.get(depth));
                nanos[1][i] = timePage(read, sharded, shardedCursors.get(depth));
            } else {
                nanos[1][i] = timePage(read, sharded, shardedCursors.get(depth));
                nanos[0][i] = timePage(read, plain, plainCursors.get(depth));
            }
        }
        return nanos;
    }

    private static long timePage(PageRead read, UUID roomId, String cursor) {
        long start = System.nanoTime();
        int messages = read.read(roomId, cursor);
        long elapsed = System.nanoTime() - start;
        if (messages == 0) {
            throw new IllegalStateException("room " + roomId + " returned an empty page at cursor " + cursor);
        }
        return elapsed;
    }
}
