package dev.meshrooms.core.usage;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.job.JobTasks;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.store.RoomDirectory;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples what every room uses and records it in {@code usage_samples}, one row per room and run. Where the figures
 * come from:
 *
 * <ul>
 *   <li><b>a room with its own shard</b>: rows and their bytes from its schema on its server (the tables' and indexes'
 *       size, {@code pg_total_relation_size}); media from its own bucket's listing (ListObjectsV2) — the bucket is
 *       what the store bills, stray objects included. The listing is made again only when the room's media rows
 *       changed since the last sample (or a day went by); otherwise the last figures stand.
 *   <li><b>a room in the shared tables</b>: its rows counted in one pass over the shared tables for all such rooms,
 *       its database bytes estimated as its share of those tables' size (by rows), and its media from its media rows
 *       — the shared bucket holds every such room's objects, and its rows name each object with its size.
 * </ul>
 *
 * A room whose shard cannot be reached is left out of the run (logged; its last sample stands) and the others are
 * sampled. Shard time accrues between two samples that both found the room sharded.
 */
public final class UsageSampler {
    private static final Logger LOG = LoggerFactory.getLogger(UsageSampler.class);
    /** A bucket's listing is trusted this long while its room's media rows do not change. */
    static final Duration LISTING_TRUSTED = Duration.ofDays(1);

    private final RoomDirectory rooms;
    private final ConnectionPools pools;
    private final MediaStore store;
    private final String sharedBucket;
    private final UsageHistory history;
    private final UsageSettings settings;
    private final Map<UUID, Instant> listedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Run last;
    private UsageMetrics metrics;
    private RoomLimits limits;
    private UsagePublisher publisher;

    /** What the last run did (for metrics and the admin's health view). */
    public record Run(Instant at, int rooms, int failed, long millis) {}

    public UsageSampler(
            RoomDirectory rooms,
            ConnectionPools pools,
            MediaStore store,
            String sharedBucket,
            UsageHistory history,
            UsageSettings settings) {
        this.rooms = rooms;
        this.pools = pools;
        this.store = store;
        this.sharedBucket = sharedBucket;
        this.history = history;
        this.settings = settings;
    }

    /** Samples every room now; returns what it did. */
    public Run sampleAll(Instant now) {
        long started = System.nanoTime();
        List<Room> all = rooms.list();
        Map<UUID, UsageSample> previous = history.latestByRoom();
        SharedTables shared = sharedTables();
        Map<UUID, long[]> shards = shardFigures(all);
        List<UsageSample> samples = new ArrayList<>(all.size());
        int failed = 0;
        for (Room room : all) {
            UsageSample before = previous.get(room.id());
            try {
                samples.add(
                        room.isSharded()
                                ? sharded(room, shards.get(room.id()), before, now)
                                : shared.sample(room, before, now));
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("usage of room {} not sampled this time: {}", room.slug(), e.getMessage());
            }
        }
        history.record(samples, now.minus(settings.retention()));
        if (publisher != null) {
            try {
                publisher.publish(samples);
            } catch (RuntimeException e) {
                LOG.warn("rooms' usage not published: {}", e.getMessage());
            }
        }
        Run run = new Run(now, samples.size(), failed, (System.nanoTime() - started) / 1_000_000);
        last = run;
        if (metrics != null) {
            Map<UUID, LimitState> states = new HashMap<>();
            if (limits != null) {
                java.util.Set<UUID> billed = limits.billedRooms();
                for (UsageSample sample : samples) {
                    states.put(
                            sample.roomId(), limits.state(sample, billed.contains(sample.roomId()), sample.sharded()));
                }
            }
            metrics.update(samples, states, run);
        }
        LOG.info("usage sampled: {} rooms in {} ms ({} not reachable)", run.rooms(), run.millis(), failed);
        return run;
    }

    /** Each run's samples of rooms with their own shard are published here too (CloudWatch); null: nowhere. */
    public UsageSampler withPublisher(UsagePublisher target) {
        this.publisher = target;
        return this;
    }

    /** Where each room stands against the free tier is shown with its figures (mesh_room_limit_state). */
    public UsageSampler withLimits(RoomLimits roomLimits) {
        this.limits = roomLimits;
        return this;
    }

    /** Shows each room's latest figures and the sampler's health in this registry (Prometheus: {@code /metrics}). */
    public UsageSampler withMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        if (registry != null) {
            metrics = new UsageMetrics(registry);
        }
        return this;
    }

    /** The recurring task that samples every room, once per interval across all servers (db-scheduler). */
    public JobTasks prepareWorker() {
        RecurringTask<Void> sample = Tasks.recurring(TASK, new EveryInterval(settings.interval()))
                .execute((instance, context) -> sampleAll(Instant.now()));
        return new JobTasks(List.of(), List.of(sample), () -> {});
    }

    /**
     * One interval after the last run ended, the first one interval after the task is first scheduled (not at once: a
     * server's start has enough to do, and the first figures come soon after).
     */
    private record EveryInterval(Duration interval) implements com.github.kagkarlsson.scheduler.task.schedule.Schedule {
        @Override
        public Instant getNextExecutionTime(com.github.kagkarlsson.scheduler.task.ExecutionComplete done) {
            return done.getTimeDone().plus(interval);
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.plus(interval);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    /** The db-scheduler task's name. */
    public static final String TASK = "usage-sample";

    /** The last run, or null before the first. */
    public Run lastRun() {
        return last;
    }

    /** Rooms whose shard is read in one statement (a server's round trips stay few however many rooms it has). */
    static final int ROOMS_PER_STATEMENT = 200;

    /**
     * Every sharded room's {messages, media rows, media bytes, database bytes}, by room: per server, the schemas' sizes
     * in one pass over its catalogue and the counts {@value #ROOMS_PER_STATEMENT} rooms to a statement. A statement
     * that fails (a schema gone) is read again room by room, so one room cannot hide the others; a room left out is
     * not sampled this time.
     */
    private Map<UUID, long[]> shardFigures(List<Room> all) {
        Map<String, List<Room>> byServer = new java.util.LinkedHashMap<>();
        for (Room room : all) {
            if (room.isSharded()) {
                byServer.computeIfAbsent(room.shardUrl() == null ? "" : room.shardUrl(), k -> new ArrayList<>())
                        .add(room);
            }
        }
        Map<UUID, long[]> figures = new HashMap<>();
        byServer.forEach((url, rooms) -> {
            javax.sql.DataSource server = pools.forServer(url.isEmpty() ? null : url);
            try {
                Map<String, Long> sizes = schemaSizes(server, rooms);
                for (int i = 0; i < rooms.size(); i += ROOMS_PER_STATEMENT) {
                    List<Room> part = rooms.subList(i, Math.min(rooms.size(), i + ROOMS_PER_STATEMENT));
                    try {
                        counts(server, part, sizes, figures);
                    } catch (RuntimeException e) {
                        for (Room room : part) {
                            try {
                                counts(server, List.of(room), sizes, figures);
                            } catch (RuntimeException one) {
                                LOG.warn("the shard of room {} could not be read: {}", room.slug(), one.getMessage());
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("shard server {} could not be read ({} rooms): {}", url, rooms.size(), e.getMessage());
            }
        });
        return figures;
    }

    /** The tables' and indexes' bytes of each room's schema, in one pass over the server's catalogue. */
    private static Map<String, Long> schemaSizes(javax.sql.DataSource server, List<Room> rooms) {
        return Transactions.inTransaction(server, c -> {
            Map<String, Long> sizes = new HashMap<>();
            try (java.sql.PreparedStatement st = c.prepareStatement("SELECT n.nspname,"
                    + " coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid ="
                    + " c.relnamespace WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'm') GROUP BY n.nspname")) {
                st.setArray(
                        1,
                        c.createArrayOf(
                                "text", rooms.stream().map(Room::shardSchema).toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        sizes.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return sizes;
        });
    }

    private static void counts(
            javax.sql.DataSource server, List<Room> rooms, Map<String, Long> sizes, Map<UUID, long[]> figures) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < rooms.size(); i++) {
            String schema = Identifiers.quote(rooms.get(i).shardSchema());
            // each table named once: planning a statement over hundreds of schemas costs more than running it
            sql.append(i == 0 ? "" : " UNION ALL ")
                    .append("SELECT ")
                    .append(i)
                    .append(", m.n, f.n, f.bytes FROM (SELECT count(*) AS n FROM ")
                    .append(schema)
                    .append(
                            ".messages WHERE deleted_at IS NULL) m, (SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes")
                    .append(" FROM ")
                    .append(schema)
                    .append(".media) f");
        }
        Map<UUID, long[]> read = Transactions.inTransaction(server, c -> {
            Map<UUID, long[]> found = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql.toString())) {
                while (rs.next()) {
                    Room room = rooms.get(rs.getInt(1));
                    found.put(room.id(), new long[] {
                        rs.getLong(2), rs.getLong(3), rs.getLong(4), sizes.getOrDefault(room.shardSchema(), 0L)
                    });
                }
            }
            return found;
        });
        figures.putAll(read);
    }

    private UsageSample sharded(Room room, long[] rows, UsageSample before, Instant now) {
        if (rows == null) {
            throw new IllegalStateException("its shard " + room.shardSchema() + " could not be read");
        }
        long objects = rows[1];
        long mediaBytes = rows[2];
        if (room.mediaBucket() != null && !room.mediaBucket().equals(sharedBucket)) {
            Instant listed = listedAt.get(room.id());
            boolean unchanged = before != null
                    && before.sharded()
                    && before.mediaObjects() == rows[1]
                    && listed != null
                    && listed.plus(LISTING_TRUSTED).isAfter(now);
            if (unchanged) {
                objects = before.mediaObjects();
                mediaBytes = before.mediaBytes();
            } else {
                MediaStore.BucketContents bucket = store.measure(room.mediaBucket());
                objects = bucket.objects();
                mediaBytes = bucket.bytes();
                listedAt.put(room.id(), now);
            }
        }
        return new UsageSample(
                room.id(), now, true, mediaBytes, objects, rows[3], rows[0], shardSeconds(before, true, now));
    }

    private static long shardSeconds(UsageSample before, boolean sharded, Instant now) {
        if (before == null) {
            return 0;
        }
        long since = Math.max(0, Duration.between(before.sampledAt(), now).toSeconds());
        return before.shardSeconds() + (sharded && before.sharded() ? since : 0);
    }

    /** The shared tables' figures for all their rooms, read in one pass each. */
    private SharedTables sharedTables() {
        return Transactions.inTransaction(pools.global(), c -> {
            Map<UUID, long[]> perRoom = new HashMap<>();
            try (Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery(
                        "SELECT room_id, count(*) FROM mesh.messages WHERE deleted_at IS NULL GROUP BY room_id")) {
                    while (rs.next()) {
                        perRoom.computeIfAbsent(rs.getObject(1, UUID.class), k -> new long[3])[0] = rs.getLong(2);
                    }
                }
                try (ResultSet rs = st.executeQuery(
                        "SELECT room_id, count(*), coalesce(sum(size), 0) FROM mesh.media GROUP BY room_id")) {
                    while (rs.next()) {
                        long[] r = perRoom.computeIfAbsent(rs.getObject(1, UUID.class), k -> new long[3]);
                        r[1] = rs.getLong(2);
                        r[2] = rs.getLong(3);
                    }
                }
                long allMessages = 0;
                long allMedia = 0;
                for (long[] r : perRoom.values()) {
                    allMessages += r[0];
                    allMedia += r[1];
                }
                try (ResultSet rs = st.executeQuery(
                        "SELECT pg_total_relation_size('mesh.messages')," + " pg_total_relation_size('mesh.media')")) {
                    rs.next();
                    return new SharedTables(perRoom, allMessages, allMedia, rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    /** Per room of the shared tables: {messages, media rows, media bytes}; the totals; the two tables' sizes. */
    private record SharedTables(
            Map<UUID, long[]> perRoom, long allMessages, long allMedia, long messageTableBytes, long mediaTableBytes) {
        UsageSample sample(Room room, UsageSample before, Instant now) {
            long[] r = perRoom.getOrDefault(room.id(), new long[3]);
            long dbBytes = share(messageTableBytes, r[0], allMessages) + share(mediaTableBytes, r[1], allMedia);
            return new UsageSample(room.id(), now, false, r[2], r[1], dbBytes, r[0], shardSeconds(before, false, now));
        }

        private static long share(long tableBytes, long rows, long allRows) {
            return allRows == 0 ? 0 : (long) ((double) tableBytes * rows / allRows);
        }
    }

    /** Used by tests: forget when buckets were listed, so the next run lists them all. */
    void forgetListings() {
        listedAt.clear();
    }
}
