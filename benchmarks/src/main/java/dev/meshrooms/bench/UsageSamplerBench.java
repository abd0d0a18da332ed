package dev.meshrooms.bench;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.core.usage.UsageSampler;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The usage sampler over many rooms: N rooms (default 10,000), half of them with a shard of their own (schema, role and
 * migrations as decentralise makes them), some of those with a bucket of their own holding objects; every room with
 * messages and media rows. Times a first run (every own bucket listed), a second one with nothing changed (no
 * listing), and a third after a few rooms changed; reports the database's work for each (blocks read and hit, rows
 * returned, from {@code pg_stat_database}). Goal: a run over 10,000 rooms in at most 10 s. Options ({@code
 * --name=value} or {@code -Dusagebench.name=value}): rooms (10000), sharded share in percent (50), own-buckets (200),
 * messages per room (20), media per room (2), provision-threads (3), pool-size (10).
 */
public final class UsageSamplerBench {
    static final double GOAL_SECONDS = 10;

    private UsageSamplerBench() {}

    public static void main(String[] args) throws Exception {
        int rooms = option(args, "rooms", 10_000);
        int shardedPercent = option(args, "sharded", 50);
        int ownBuckets = option(args, "own-buckets", 200);
        int messages = option(args, "messages", 20);
        int media = option(args, "media", 2);
        int provisionThreads = option(args, "provision-threads", 3);
        int poolSize = option(args, "pool-size", 10);
        int sharded = rooms * shardedPercent / 100;
        System.out.printf(
                "Usage sampler benchmark: %,d rooms (%,d with their own shard, %,d of them with their own bucket),"
                        + " %d messages and %d media rows each; %s; load %s%n",
                rooms, sharded, Math.min(ownBuckets, sharded), messages, media, Machine.describe(), Machine.load());
        try (MeshCore mesh = TestMesh.start(TestPostgres.newDatabase(), List.of(), poolSize)) {
            DataSource global = mesh.internals().pools().global();
            UUID author = mesh.users().create("bench", "Bench").id();
            String shared = mesh.media().sharedBucket();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                ids.add(UUID.randomUUID());
            }
            Instant started = Instant.now();
            // the shared tables' rooms, rows made by the database itself
            try (Connection c = global.getConnection();
                    PreparedStatement room = c.prepareStatement(
                            "INSERT INTO mesh.rooms (id, slug, name, visibility) VALUES (?, ?, ?, 'public')")) {
                for (int i = 0; i < rooms; i++) {
                    room.setObject(1, ids.get(i));
                    room.setString(2, (i < sharded ? "shard-" : "room-") + i);
                    room.setString(3, "Room " + i);
                    room.addBatch();
                }
                room.executeBatch();
                try (Statement st = c.createStatement()) {
                    rows(
                            st,
                            "mesh",
                            "r.id",
                            "(SELECT id FROM mesh.rooms WHERE slug LIKE 'room-%') r",
                            author,
                            messages,
                            media);
                }
            }
            // the sharded rooms: schema, role and migrations as decentralise makes them, then their rows
            List<UUID> shardedIds = ids.subList(0, sharded);
            Duration provisioning = Parallel.run("shard schemas provisioned", sharded, provisionThreads, i -> {
                UUID id = shardedIds.get(i);
                String schema = mesh.internals().shardSchemas().create(id, null);
                String bucket = i < ownBuckets ? "mesh-bench-" + id.toString().substring(0, 18) : shared;
                if (i < ownBuckets) {
                    mesh.internals().mediaStore().ensureBucket(bucket);
                    for (int m = 0; m < media; m++) {
                        byte[] bytes = new byte[1024 * (m + 1)];
                        mesh.internals()
                                .mediaStore()
                                .put(bucket, "m" + m, new ByteArrayInputStream(bytes), bytes.length, "image/png");
                    }
                }
                try (Connection c = global.getConnection();
                        Statement st = c.createStatement()) {
                    rows(st, schema, "'" + id + "'::uuid", "(SELECT 1) one", author, messages, media);
                    st.execute("UPDATE mesh.rooms SET is_sharded = true, shard_schema = '" + schema
                            + "', media_bucket = '" + bucket + "' WHERE id = '" + id + "'");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            System.out.printf(
                    "made in %.1f s (shards %.1f s)%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0, provisioning.toMillis() / 1000.0);
            try (Connection c = global.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }

            UsageSampler sampler = mesh.usageSampler();
            Instant t0 = Instant.now();
            Stats s0 = Stats.of(global);
            UsageSampler.Run first = sampler.sampleAll(t0);
            Stats s1 = Stats.of(global);
            UsageSampler.Run second = sampler.sampleAll(t0.plus(Duration.ofMinutes(15)));
            Stats s2 = Stats.of(global);
            // a few rooms change: 1 % get a message and a media row
            List<UUID> changed = new ArrayList<>(ids);
            Collections.shuffle(changed, new java.util.Random(1));
            changed = changed.subList(0, rooms / 100);
            for (UUID id : changed) {
                mesh.messages().send(id, author, "one more", null);
            }
            UsageSampler.Run third = sampler.sampleAll(t0.plus(Duration.ofMinutes(30)));
            Stats s3 = Stats.of(global);
            if (first.rooms() != rooms || first.failed() != 0 || third.rooms() != rooms) {
                throw new IllegalStateException("expected " + rooms + " rooms sampled, got " + first + ", " + third);
            }
            System.out.printf(
                    "%n| run | rooms | took | blocks read | blocks hit | rows returned | goal |%n|---|---:|---:|---:|---:|---:|---|%n");
            row("first (every own bucket listed)", first, s0, s1);
            row("second (nothing changed)", second, s1, s2);
            row("third (1 % of rooms changed)", third, s2, s3);
            System.out.printf("samples recorded: %,d; load after: %s%n", count(global), Machine.load());
        }
        System.exit(0);
    }

    /** Inserts {@code messages} messages and {@code media} media rows per room of {@code rooms}, in the database. */
    private static void rows(
            Statement st, String schema, String roomId, String rooms, UUID author, int messages, int media)
            throws java.sql.SQLException {
        String s = Identifiers.quote(schema);
        st.execute("INSERT INTO " + s + ".messages (id, room_id, author_id, body, created_at, signature, original_id,"
                + " original_room_id, change_seq) SELECT gen_random_uuid(), " + roomId + ", '" + author
                + "', 'message ' || g, now() - g * interval '1 minute', decode(repeat('00', 64), 'hex'),"
                + " gen_random_uuid(), " + roomId + ", 0 FROM " + rooms + ", generate_series(1, " + messages + ") g");
        st.execute("INSERT INTO " + s + ".media (id, room_id, object_key, url, content_type, size, sha256)"
                + " SELECT gen_random_uuid(), " + roomId + ", 'm' || g || '-' || " + roomId + ", '/media/m' || g,"
                + " 'image/png', 1024 * g, decode(repeat('00', 32), 'hex') FROM " + rooms + ", generate_series(1, "
                + media + ") g");
    }

    private static void row(String name, UsageSampler.Run run, Stats before, Stats after) {
        double seconds = run.millis() / 1000.0;
        System.out.printf(
                "| %s | %,d | **%.2f s** | %,d | %,d | %,d | <= %.0f s: %s |%n",
                name,
                run.rooms(),
                seconds,
                after.read - before.read,
                after.hit - before.hit,
                after.returned - before.returned,
                GOAL_SECONDS,
                seconds <= GOAL_SECONDS ? "met" : "MISSED");
    }

    private record Stats(long read, long hit, long returned) {
        static Stats of(DataSource ds) throws Exception {
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = st.executeQuery("SELECT blks_read, blks_hit, tup_returned FROM pg_stat_database"
                        + " WHERE datname = current_database()")) {
                    rs.next();
                    return new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
        }
    }

    private static long count(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM mesh.usage_samples")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int option(String[] args, String name, int fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Integer.parseInt(arg.substring(prefix.length()).strip());
            }
        }
        String property = System.getProperty("usagebench." + name);
        return property == null || property.isBlank() ? fallback : Integer.parseInt(property.strip());
    }
}
