package dev.meshrooms.lite.http.move;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.move.MoveStatus;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A busy room moves while more writers than the pool has connections keep sending, and another room is read
 * throughout: the fence must not starve itself, the instance must not stall, and nothing may be lost or doubled.
 */
@DisplayName("A busy room's move, with more writers than connections")
class BusyRoomMoveTest {
    private static final int POOL = 4;
    private static final int WRITERS = 24;
    private static final int SEEDED = 20_000;
    private static final Map<String, String> ENV = Map.of(
            Environment.DB_POOL_SIZE,
            Integer.toString(POOL),
            Environment.MOVE_CLEANUP_DELAY_SECONDS,
            "0",
            Environment.MOVE_BATCH_ROWS,
            "2000");

    /** Every answer the clients got: status → count; 5xx ones with or without Retry-After. */
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

    private final List<String> unexpected = new CopyOnWriteArrayList<>();

    @Test
    @DisplayName(
            "decentralise, then re-centralise: both succeed first time, no 5xx, every acknowledged message once and in order, the other room never waits 1 s")
    void busyRoomMovesBothWays() throws Exception {
        try (LiteServer server = TestServers.start(TestServers.newDataDir(), ENV, false)) {
            Http http = new Http(server.baseUrl());
            MeshCore core = server.runtime().core();
            String busy = createRoom(http, "busy");
            String quiet = createRoom(http, "quiet");
            populate(core, UUID.fromString(busy), core.admin().user().id());
            for (int i = 0; i < 30; i++) {
                assertThat(send(http, quiet, TestServers.ADMIN_TOKEN, "quiet " + i)
                                .status())
                        .isEqualTo(201);
            }
            List<String> tokens = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                tokens.add(http.newMember(busy, "writer" + w));
            }

            AtomicBoolean running = new AtomicBoolean(true);
            List<List<String>> acknowledged = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            for (int w = 0; w < WRITERS; w++) {
                List<String> mine = new ArrayList<>();
                acknowledged.add(mine);
                String token = tokens.get(w);
                int writer = w;
                threads.add(start("writer-" + w, () -> {
                    for (int n = 0; running.get(); n++) {
                        HttpResponse<String> r = post(client, server.baseUrl(), busy, token, "w" + writer + " n" + n);
                        if (r != null && r.statusCode() == 201) {
                            mine.add(Http.parse(r.body()).at("/id").asText());
                        }
                    }
                }));
            }
            AtomicLong slowestRead = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            threads.add(start("reader", () -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    HttpResponse<String> r =
                            get(client, server.baseUrl() + "/api/fetchMessages?roomId=" + quiet + "&limit=50");
                    slowestRead.accumulateAndGet(System.nanoTime() - started, Math::max);
                    reads.incrementAndGet();
                    if (r != null && r.statusCode() != 200) {
                        unexpected.add("quiet room read answered " + r.statusCode() + ": " + r.body());
                    }
                }
            }));

            Thread.sleep(1_000);
            MoveStatus decentralised = move(http, core, busy, "decentralise");
            Thread.sleep(1_000); // writes at the shard
            MoveStatus recentralised = move(http, core, busy, "recentralise");
            Thread.sleep(500);
            running.set(false);
            for (Thread t : threads) {
                t.join(60_000);
            }

            for (MoveStatus done : List.of(decentralised, recentralised)) {
                assertThat(done.state()).as(done.error()).isEqualTo("succeeded");
                assertThat(attempts(core, done.jobId()))
                        .as("runs of job %s (more than one: it failed and was retried)", done.jobId())
                        .isEqualTo(1);
                assertThat(done.fenceAttempts()).isGreaterThanOrEqualTo(1);
                assertThat(done.fenceMillis())
                        .as("the fence of the successful attempt stays within its budget")
                        .isLessThan(1_500);
            }
            assertThat(unexpected).isEmpty();
            assertThat(answers.keySet()).as("statuses answered: " + answers).allMatch(s -> !s.startsWith("5"));
            assertThat(Duration.ofNanos(slowestRead.get()).toMillis())
                    .as("the slowest of %d reads of the other room", reads.get())
                    .isLessThan(1_000);

            long total = acknowledged.stream().mapToLong(List::size).sum();
            assertThat(total).as("messages acknowledged during the moves").isGreaterThan(100);
            Map<String, List<String>> stored = storedByWriter(core, UUID.fromString(busy));
            for (int w = 0; w < WRITERS; w++) {
                assertThat(stored.getOrDefault("w" + w, List.of()))
                        .as("writer %d's messages, oldest first", w)
                        .containsExactlyElementsOf(acknowledged.get(w));
            }
            System.out.printf(
                    "busy room moves: %d messages acknowledged, %d reads of the other room (slowest %d ms),"
                            + " fences %d ms / %d ms in %d / %d attempts, answers %s%n",
                    total,
                    reads.get(),
                    Duration.ofNanos(slowestRead.get()).toMillis(),
                    decentralised.fenceMillis(),
                    recentralised.fenceMillis(),
                    decentralised.fenceAttempts(),
                    recentralised.fenceAttempts(),
                    answers);
        }
    }

    @Test
    @DisplayName(
            "a request that gets no database connection in time is answered 503 with Retry-After; /metrics counts the wait")
    void exhaustedPoolAnswers503() throws Exception {
        try (LiteServer server =
                TestServers.start(TestServers.newDataDir(), Map.of(Environment.DB_POOL_SIZE, "2"), false)) {
            Http http = new Http(server.baseUrl());
            String room = createRoom(http, "starved");
            javax.sql.DataSource pool =
                    server.runtime().core().internals().pools().global();
            try (Connection a = pool.getConnection();
                    Connection b = pool.getConnection()) {
                var r = http.get("/api/fetchMessages?roomId=" + room, null);
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(r.json().at("/type").asText()).isEqualTo("database-busy");
                assertThat(r.json().at("/details").asText()).contains("try again");
            }
            assertThat(http.get("/api/fetchMessages?roomId=" + room, null).status())
                    .isEqualTo(200);
            String metrics = http.get("/metrics", null).body();
            assertThat(metrics).containsPattern("hikaricp_connections_timeout_total\\{pool=\"mesh-global\"} [1-9]");
            assertThat(metrics).contains("hikaricp_connections_pending{pool=\"mesh-global\"}");
            assertThat(metrics).contains("hikaricp_connections_acquire_seconds_count{pool=\"mesh-global\"}");
        }
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.start();
        return thread;
    }

    private MoveStatus move(Http http, MeshCore core, String room, String direction) throws InterruptedException {
        var accepted = http.post("/api/room/" + room + "/" + direction, TestServers.ADMIN_TOKEN, "{}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            MoveStatus status = core.moves().status(UUID.fromString(room)).orElseThrow();
            if (status.finished()) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(direction + " did not finish: " + core.moves().status(UUID.fromString(room)));
    }

    private HttpResponse<String> post(HttpClient client, String base, String room, String token, String body) {
        return exchange(
                client,
                HttpRequest.newBuilder(java.net.URI.create(base + "/api/sendMessage"))
                        .header("x-room-id", room)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("body", body))))
                        .build());
    }

    private HttpResponse<String> get(HttpClient client, String url) {
        return exchange(
                client,
                HttpRequest.newBuilder(java.net.URI.create(url))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build());
    }

    private HttpResponse<String> exchange(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            String key = r.statusCode() >= 500
                    ? r.statusCode()
                            + (r.headers().firstValue("Retry-After").isPresent()
                                    ? " with Retry-After"
                                    : " without Retry-After")
                    : Integer.toString(r.statusCode());
            answers.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            return r;
        } catch (Exception e) {
            unexpected.add(request.uri().getPath() + ": " + e);
            return null;
        }
    }

    private static String createRoom(Http http, String slug) {
        var r = http.post(
                "/api/room",
                TestServers.ADMIN_TOKEN,
                Http.json(Map.of("slug", slug, "name", slug, "visibility", "public")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/id").asText();
    }

    private static Http.Response send(Http http, String room, String token, String body) {
        return http.send(http.request("/api/sendMessage")
                .header("x-room-id", room)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("body", body)))));
    }

    /** Older history, so the copy takes a moment: rows straight into the room's table. */
    private static void populate(MeshCore core, UUID roomId, UUID author) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO mesh.messages (id, room_id, author_id, body, created_at, signature, original_id, original_room_id)"
                                + " SELECT g.id, ?, ?, 'history ' || g.n, now() - make_interval(secs => g.n), decode(repeat('00', 64), 'hex'),"
                                + " g.id, ? FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, " + SEEDED
                                + ") n) g")) {
            st.setObject(1, roomId);
            st.setObject(2, author);
            st.setObject(3, roomId);
            st.executeUpdate();
        }
    }

    /** The writers' messages as stored (wherever the room lives now), per writer, oldest first. */
    private static Map<String, List<String>> storedByWriter(MeshCore core, UUID roomId) throws Exception {
        Map<String, List<String>> byWriter = new HashMap<>();
        try (Connection c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT id, body FROM mesh.messages WHERE room_id = ? AND body LIKE 'w%' ORDER BY created_at, id")) {
            st.setObject(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String writer = rs.getString(2).split(" ")[0];
                    byWriter.computeIfAbsent(writer, k -> new ArrayList<>()).add(rs.getString(1));
                }
            }
        }
        return byWriter;
    }

    private static int attempts(MeshCore core, UUID jobId) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT attempts FROM mesh.room_move_jobs WHERE id = ?")) {
            st.setObject(1, jobId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
