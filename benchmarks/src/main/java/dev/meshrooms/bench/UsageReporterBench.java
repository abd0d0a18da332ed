package dev.meshrooms.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.meshrooms.core.billing.BillingLedger;
import dev.meshrooms.core.billing.BillingSettings;
import dev.meshrooms.core.billing.UsageReporter;
import dev.meshrooms.core.billing.stripe.StripeProvider;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.StripeRecording;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.core.usage.UsageHistory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The usage reporter over many paying rooms against the recorded Stripe meter events endpoint (WireMock, the API
 * reference's response): N rooms (default 10,000), each its own customer, with H hours (default 3) of 15-minute samples
 * to report — N × H × 2 meter events. A first reporter runs in a JVM of its own and is killed ({@code kill -9}) when a
 * third of the events have arrived; a second one, in this JVM, reports the rest and is timed. Prints events per second
 * and the identifiers: every expected one received, and how many arrived more than once (the events in flight when the
 * first reporter died, which Stripe keeps once). Options ({@code --name=value} or {@code -Dreportbench.name=value}):
 * rooms (10000), hours (3), kill-at percent (33).
 */
public final class UsageReporterBench {
    private static final String METER_EVENTS = "/v1/billing/meter_events";

    private UsageReporterBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        int rooms = option(args, "rooms", 10_000);
        int hours = option(args, "hours", 3);
        int killAt = option(args, "kill-at", 33);
        long expected = (long) rooms * hours * 2;
        System.out.printf(
                "Usage reporter benchmark: %,d paying rooms, %d hours each, %,d meter events; %s; load %s%n",
                rooms, hours, expected, Machine.describe(), Machine.load());

        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        WireMockServer stripe = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(40)
                .disableRequestJournal());
        stripe.addMockServiceRequestListener((request, response) -> {
            if (request.getUrl().equals(METER_EVENTS) && response.getStatus() == 200) {
                received.computeIfAbsent(identifier(request.getBodyAsString()), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        });
        stripe.start();
        stripe.stubFor(post(urlEqualTo(METER_EVENTS))
                .willReturn(StripeRecording.json(200, StripeRecording.body("meter-event.json"))));
        DatabaseServer db = TestPostgres.newDatabase();
        // the global schema as the server makes it
        TestMesh.start(TestMesh.settingsBuilder(db, List.of(), 4).build()).close();
        Instant t0 = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        try (HikariDataSource ds = pool(db, 4)) {
            Instant made = Instant.now();
            seed(ds, rooms, hours, t0);
            System.out.printf(
                    "made %,d rooms and %,d samples in %.1f s%n",
                    rooms,
                    (long) rooms * (hours * 4 + 1),
                    Duration.between(made, Instant.now()).toMillis() / 1000.0);
        }

        // the first reporter, killed when a third of the events have arrived
        Path log = Files.createTempFile("usage-reporter-child", ".log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        UsageReporterBench.class.getName(),
                        "child",
                        db.url(),
                        db.user(),
                        stripe.baseUrl(),
                        t0.plus(Duration.ofHours(hours + 1)).toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long killAfter = expected * killAt / 100;
        while (child.isAlive() && total(received) < killAfter) {
            Thread.sleep(5);
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long beforeKill = total(received);
        System.out.printf("first reporter killed after %,d events (%,d distinct)%n", beforeKill, received.size());

        // the second reporter: reports the rest
        BillingSettings settings = settings(stripe.baseUrl());
        try (HikariDataSource ds = pool(db, UsageReporter.DEFAULT_THREADS + 2)) {
            UsageReporter reporter = new UsageReporter(
                    new BillingLedger(ds), new UsageHistory(ds), new StripeProvider(settings), settings);
            long started = System.nanoTime();
            UsageReporter.Run run = reporter.reportAll(t0.plus(Duration.ofHours(hours + 1)));
            double seconds = (System.nanoTime() - started) / 1e9;
            long after = total(received);
            long repeated =
                    received.values().stream().mapToLong(n -> n.get() - 1).sum();
            long missing = expected - received.size();
            System.out.printf(
                    "second reporter: %,d events in %.1f s: %,.0f events/s (Stripe takes 1,000/s in live mode;"
                            + " %d rooms not reported)%n",
                    run.events(), seconds, run.events() / seconds, run.failed());
            System.out.printf(
                    "identifiers: %,d expected, %,d received, %,d missing, %,d sent more than once"
                            + " (in flight at the kill; Stripe keeps each once); %,d requests in all%n",
                    expected, received.size(), missing, repeated, after);
            // a third run finds nothing left
            UsageReporter.Run idle = reporter.reportAll(t0.plus(Duration.ofHours(hours + 1)));
            System.out.printf("a third run sent %,d events%n", idle.events());
            if (missing != 0 || idle.events() != 0 || repeated > UsageReporter.DEFAULT_THREADS * 2L) {
                System.out.println("RESULT: FAILED (missing or repeated identifiers)");
                System.exit(1);
            }
            System.out.println("RESULT: every identifier reported, none twice beyond those in flight at the kill");
        } finally {
            stripe.stop();
            Files.deleteIfExists(log);
        }
        // the embedded test servers' threads do not end on their own
        System.exit(0);
    }

    /** The killed reporter: reports until it is killed. */
    private static void child(String[] args) throws Exception {
        DatabaseServer db = new DatabaseServer(args[1], args[2], null);
        BillingSettings settings = settings(args[3]);
        try (HikariDataSource ds = pool(db, UsageReporter.DEFAULT_THREADS + 2)) {
            new UsageReporter(new BillingLedger(ds), new UsageHistory(ds), new StripeProvider(settings), settings)
                    .reportAll(Instant.parse(args[4]));
        }
    }

    private static BillingSettings settings(String base) {
        return BillingSettings.builder()
                .apiKey(StripeRecording.API_KEY)
                .webhookSecret(StripeRecording.WEBHOOK_SECRET)
                .storagePrice("price_room_shard_gb")
                .dbHoursPrice("price_room_shard_db_hours")
                .apiBase(URI.create(base))
                .build();
    }

    /**
     * Paying rooms and their samples, made by the database itself: each holds 1 to 4.5 GiB (and 8 MiB of rows), so
     * every hour of each meter is at least one whole unit: one event.
     */
    private static void seed(HikariDataSource ds, int rooms, int hours, Instant t0) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO mesh.rooms (id, slug, name, visibility, billing_customer, billing_subscription,"
                    + " billing_status, billing_linked_at) SELECT gen_random_uuid(), 'paying-' || i, 'Room ' || i,"
                    + " 'public', 'cus_bench' || i, 'sub_bench' || i, 'active', timestamptz '" + t0 + "'"
                    + " FROM generate_series(1, " + rooms + ") i");
            try (PreparedStatement samples = c.prepareStatement("INSERT INTO mesh.usage_samples (room_id, sampled_at,"
                    + " sharded, media_bytes, media_objects, db_bytes, messages, shard_seconds)"
                    + " SELECT r.id, ?::timestamptz + k * interval '15 minutes', true,"
                    + " (2 + (hashtext(r.slug) & 7)) * 536870912::bigint, 10, 8388608, 100, k * 900"
                    + " FROM mesh.rooms r, generate_series(0, ?) k WHERE r.slug LIKE 'paying-%'")) {
                samples.setTimestamp(1, Timestamp.from(t0));
                samples.setInt(2, hours * 4);
                samples.executeUpdate();
            }
            st.execute("ANALYZE");
        }
    }

    private static HikariDataSource pool(DatabaseServer db, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    private static String identifier(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("identifier=")) {
                return URLDecoder.decode(pair.substring("identifier=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static long total(Map<String, AtomicInteger> received) {
        long n = 0;
        for (AtomicInteger v : new ArrayList<>(received.values())) {
            n += v.get();
        }
        return n;
    }

    private static int option(String[] args, String name, int fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Integer.parseInt(arg.substring(prefix.length()).strip());
            }
        }
        String property = System.getProperty("reportbench." + name);
        return property == null || property.isBlank() ? fallback : Integer.parseInt(property.strip());
    }
}
