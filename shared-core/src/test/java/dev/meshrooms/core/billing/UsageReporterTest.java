package dev.meshrooms.core.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.billing.stripe.StripeProvider;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.StripeRecording;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.usage.UsageSample;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The usage reporter against recorded Stripe responses (WireMock plays the meter events endpoint; the bodies are the
 * API reference's, see {@code stripe-recorded/README.md}); the samples, watermarks and rooms are in real PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Reporting metered usage to Stripe: each hour once, in order, through rate limits and failures")
class UsageReporterTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final String METER_EVENTS = "/v1/billing/meter_events";
    private WireMockServer stripe;
    private MeshCore mesh;
    private User owner;
    private BillingSettings settings;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private UsageReporter reporter;
    private final Instant t0 = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);

    @BeforeAll
    void start() {
        stripe =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        stripe.start();
        settings = BillingSettings.builder()
                .apiKey(StripeRecording.API_KEY)
                .webhookSecret(StripeRecording.WEBHOOK_SECRET)
                .storagePrice("price_room_shard_gb")
                .dbHoursPrice("price_room_shard_db_hours")
                .apiBase(URI.create(stripe.baseUrl()))
                .build();
        mesh = TestMesh.start();
        owner = mesh.users().create("owner", "Owner");
        reporter = new UsageReporter(
                mesh.billingLedger(), mesh.usage(), new StripeProvider(settings), settings, 4, sleeps::add);
    }

    @AfterAll
    void stop() {
        mesh.close();
        stripe.stop();
    }

    @BeforeEach
    void reset() throws Exception {
        stripe.resetAll();
        sleeps.clear();
        acceptEvents();
        // only the rooms a test links are billed
        update("UPDATE mesh.rooms SET billing_subscription = NULL", null);
    }

    @Test
    @DisplayName(
            "each known hour is sent once per meter, whole units with the fraction carried, keyed by room, meter and hour")
    void eachHourOnce() throws Exception {
        Room room = billedRoom("steady", "cus_steady");
        // 2.5 GiB all along: 2, 3, 2 GB-hours with the half carried; one shard-hour each
        record(room, t0, 13, 2.5);
        UsageReporter.Run run = reporter.reportAll(t0.plus(Duration.ofHours(5)));
        assertThat(run.events()).isEqualTo(6);
        assertThat(run.failed()).isZero();
        List<Map<String, String>> events = events();
        assertThat(values(events, "room-shard-gb")).containsExactly("2", "3", "2");
        assertThat(values(events, "room-shard-db-hours")).containsExactly("1", "1", "1");
        Map<String, String> first = events.get(0);
        long hour = t0.getEpochSecond() / 3600;
        assertThat(first)
                .containsEntry("payload[stripe_customer_id]", "cus_steady")
                .containsEntry("timestamp", Long.toString(t0.getEpochSecond()))
                .containsEntry("identifier", "mesh-" + room.id() + "-" + first.get("event_name") + "-" + hour);
        for (LoggedRequest r : stripe.findAll(postRequestedFor(urlEqualTo(METER_EVENTS)))) {
            assertThat(r.getHeader("Idempotency-Key"))
                    .isEqualTo(StripeRecording.form(r).get("identifier"));
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + StripeRecording.API_KEY);
        }

        // a run forgets webhook event ids older than 30 days, and keeps the recent ones
        update(
                "INSERT INTO mesh.billing_events (event_id, type, received_at) VALUES ('evt_old', 't',"
                        + " now() - interval '40 days'), ('evt_new', 't', now())",
                null);
        reporter.reportAll(Instant.now());
        try (Connection c = mesh.internals().pools().global().getConnection();
                var rs = c.createStatement()
                        .executeQuery("SELECT string_agg(event_id, ',' ORDER BY event_id) FROM mesh.billing_events"
                                + " WHERE event_id IN ('evt_old', 'evt_new')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("evt_new");
        }

        // nothing new: nothing sent
        stripe.resetRequests();
        assertThat(reporter.reportAll(t0.plus(Duration.ofHours(6))).events()).isZero();
        assertThat(events()).isEmpty();

        // one more hour sampled: its two events only, the carried half included
        record(room, t0.plus(Duration.ofHours(3)), 5, 2.5);
        reporter.reportAll(t0.plus(Duration.ofHours(6)));
        assertThat(values(events(), "room-shard-gb")).containsExactly("3");
        assertThat(values(events(), "room-shard-db-hours")).containsExactly("1");
    }

    @Test
    @DisplayName(
            "a reporter killed before moving its watermark sends the same identifiers and values again, nothing else")
    void killedReporterRepeatsIdentically() throws Exception {
        Room room = billedRoom("killed", "cus_killed");
        record(room, t0, 17, 1.25);
        reporter.reportAll(t0.plus(Duration.ofHours(5)));
        List<Map<String, String>> before = events();
        assertThat(before).hasSize(8);

        // as if the process died after sending, before any watermark moved
        update("UPDATE mesh.billing_watermarks SET reported_until = ?, carry = 0 WHERE room_id = ?", room.id());
        stripe.resetRequests();
        reporter.reportAll(t0.plus(Duration.ofHours(5)));
        List<Map<String, String>> again = events();
        assertThat(again).containsExactlyInAnyOrderElementsOf(before);
        assertThat(again.stream().map(e -> e.get("identifier")).distinct()).hasSize(8);
    }

    @Test
    @DisplayName("a new subscription mid-run: the reporter holding the old one makes no watermark and sends nothing;"
            + " the new one is reported from the hour it was linked")
    void newSubscriptionStartsAfresh() throws Exception {
        Room room = billedRoom("relinked", "cus_relinked");
        record(room, t0, 21, 1.0);
        BillingLedger.BilledRoom stale = mesh.billingLedger().billedRooms().stream()
                .filter(r -> r.roomId().equals(room.id()))
                .findFirst()
                .orElseThrow();
        // as the webhook does for a new subscription: the link changes and its watermarks start afresh
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE mesh.rooms SET billing_subscription = 'sub_new',"
                        + " billing_linked_at = ? WHERE id = ?")) {
            st.setTimestamp(1, Timestamp.from(t0.plus(Duration.ofMinutes(150))));
            st.setObject(2, room.id());
            st.executeUpdate();
        }
        assertThat(reporter.reportRoom(stale, t0.plus(Duration.ofHours(6)))).isZero();
        assertThat(events()).isEmpty();
        assertThat(watermark(room, Meter.SHARD_STORAGE))
                .as("no watermark under the old subscription")
                .isNull();

        reporter.reportAll(t0.plus(Duration.ofHours(6)));
        // linked at 2:30: hours 2 and 3 and 4 (the samples end at 5:00)
        assertThat(values(events(), "room-shard-db-hours")).containsExactly("1", "1", "1");
        assertThat(events().stream()
                        .map(e -> Long.parseLong(e.get("timestamp")))
                        .min(Long::compare)
                        .orElseThrow())
                .isEqualTo(t0.plus(Duration.ofHours(2)).getEpochSecond());
    }

    @Test
    @DisplayName("429: waited out with growing backoff, then sent once more with the same identifier")
    void rateLimitedThenSent() throws Exception {
        Room room = billedRoom("limited", "cus_limited");
        stripe.stubFor(post(urlEqualTo(METER_EVENTS))
                .inScenario("rate")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(StripeRecording.json(429, StripeRecording.body("error-rate-limit.json")))
                .willSetStateTo("limited once"));
        stripe.stubFor(post(urlEqualTo(METER_EVENTS))
                .inScenario("rate")
                .whenScenarioStateIs("limited once")
                .willReturn(StripeRecording.json(429, StripeRecording.body("error-rate-limit.json")))
                .willSetStateTo("open"));
        stripe.stubFor(post(urlEqualTo(METER_EVENTS))
                .inScenario("rate")
                .whenScenarioStateIs("open")
                .willReturn(StripeRecording.json(200, StripeRecording.body("meter-event.json"))));
        record(room, t0, 5, 1.0);
        UsageReporter.Run run = reporter.reportAll(t0.plus(Duration.ofHours(2)));
        assertThat(run.failed()).isZero();
        assertThat(run.events()).isEqualTo(2);
        List<LoggedRequest> sent = stripe.findAll(postRequestedFor(urlEqualTo(METER_EVENTS)));
        assertThat(sent).hasSize(4);
        assertThat(StripeRecording.form(sent.get(0)).get("identifier"))
                .isEqualTo(StripeRecording.form(sent.get(2)).get("identifier"));
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(watermark(room, Meter.SHARD_STORAGE)).isEqualTo(t0.plus(Duration.ofHours(1)));
    }

    @Test
    @DisplayName("a refused customer marks its room (shown to the admin, not reported again); other rooms go on")
    void refusedMarksTheRoom() throws Exception {
        Room gone = billedRoom("gone", "cus_gone");
        Room fine = billedRoom("fine", "cus_fine");
        stripe.stubFor(post(urlEqualTo(METER_EVENTS))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("cus_gone"))
                .atPriority(1)
                .willReturn(StripeRecording.json(400, StripeRecording.body("error-customer-missing.json"))));
        record(gone, t0, 5, 1.0);
        record(fine, t0, 5, 1.0);
        UsageReporter.Run run = reporter.reportAll(t0.plus(Duration.ofHours(2)));
        assertThat(run.failed()).isEqualTo(1);
        assertThat(mesh.billingLedger().errors().get(gone.id()))
                .contains("No such customer: 'cus_gone'", "resource_missing");
        assertThat(mesh.billingLedger().billedRooms())
                .extracting(BillingLedger.BilledRoom::roomId)
                .contains(fine.id())
                .doesNotContain(gone.id());
        assertThat(watermark(fine, Meter.SHARD_DB_HOURS)).isEqualTo(t0.plus(Duration.ofHours(1)));
        assertThat(watermark(gone, Meter.SHARD_STORAGE)).isEqualTo(t0);
    }

    @Test
    @DisplayName("5xx after the client's retries: the watermark stays, nothing is marked, the next run sends the hours")
    void unavailableTriesNextRun() throws Exception {
        Room room = billedRoom("flaky", "cus_flaky");
        stripe.stubFor(post(urlEqualTo(METER_EVENTS))
                .atPriority(1)
                .willReturn(StripeRecording.json(500, StripeRecording.body("error-api.json"))));
        record(room, t0, 5, 1.0);
        UsageReporter.Run run = reporter.reportAll(t0.plus(Duration.ofHours(2)));
        assertThat(run.failed()).isEqualTo(1);
        assertThat(run.events()).isZero();
        // the client's own retries: the first try and two more, one idempotency key
        List<LoggedRequest> tries = stripe.findAll(postRequestedFor(urlEqualTo(METER_EVENTS)));
        assertThat(tries).hasSize(3);
        assertThat(tries)
                .extracting(r -> r.getHeader("Idempotency-Key"))
                .containsOnly(tries.get(0).getHeader("Idempotency-Key"));
        assertThat(watermark(room, Meter.SHARD_STORAGE)).isEqualTo(t0);
        assertThat(mesh.billingLedger().errors()).doesNotContainKey(room.id());

        stripe.resetAll();
        acceptEvents();
        assertThat(reporter.reportAll(t0.plus(Duration.ofHours(2))).events()).isEqualTo(2);
    }

    @Test
    @DisplayName("a refused API key stops the whole run and says which setting to check")
    void refusedKeyStopsTheRun() throws Exception {
        billedRoom("keyless", "cus_keyless");
        stripe.stubFor(post(anyUrl())
                .atPriority(1)
                .willReturn(StripeRecording.json(
                        401,
                        "{\"error\":{\"message\":\"Invalid API Key provided: sk_test_****\",\"type\":"
                                + "\"invalid_request_error\"}}")));
        UUID any = billedRoom("keyless-two", "cus_keyless_two").id();
        record(mesh.rooms().findById(any).orElseThrow(), t0, 5, 1.0);
        UsageReporter.Run run = reporter.reportAll(t0.plus(Duration.ofHours(2)));
        assertThat(run.error()).contains("Stripe refused the API key", "STRIPE_API_KEY");
        assertThat(mesh.billingLedger().errors()).doesNotContainKey(any);
    }

    private void acceptEvents() {
        stripe.stubFor(post(urlEqualTo(METER_EVENTS))
                .willReturn(StripeRecording.json(200, StripeRecording.body("meter-event.json"))));
    }

    private Room billedRoom(String slug, String customer) throws Exception {
        String unique = slug + "-" + Long.toHexString(System.nanoTime());
        Room room = mesh.roomService().create(new NewRoom(unique, slug, Visibility.PUBLIC), owner.id());
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE mesh.rooms SET billing_customer = ?,"
                        + " billing_subscription = ?, billing_status = 'active', billing_linked_at = ? WHERE id = ?")) {
            st.setString(1, customer);
            st.setString(2, "sub_" + customer);
            st.setTimestamp(3, Timestamp.from(t0.plus(Duration.ofMinutes(20))));
            st.setObject(4, room.id());
            st.executeUpdate();
        }
        return room;
    }

    /** Samples every 15 minutes from {@code from}, sharded, holding {@code gib} GiB. */
    private void record(Room room, Instant from, int count, double gib) {
        List<UsageSample> samples = new ArrayList<>();
        long bytes = Math.round(gib * GIB);
        for (int i = 0; i < count; i++) {
            samples.add(new UsageSample(
                    room.id(), from.plus(Duration.ofMinutes(15L * i)), true, bytes - 4096, 2, 4096, 10, 900L * i));
        }
        mesh.usage().record(samples, Instant.EPOCH);
    }

    private List<Map<String, String>> events() {
        return stripe.findAll(postRequestedFor(urlEqualTo(METER_EVENTS))).stream()
                .map(StripeRecording::form)
                .toList();
    }

    private static List<String> values(List<Map<String, String>> events, String meter) {
        return events.stream()
                .filter(e -> e.get("event_name").equals(meter))
                .sorted(java.util.Comparator.comparing(e -> Long.parseLong(e.get("timestamp"))))
                .map(e -> e.get("payload[value]"))
                .toList();
    }

    private Instant watermark(Room room, Meter meter) throws Exception {
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT reported_until FROM mesh.billing_watermarks WHERE room_id = ? AND meter = ?")) {
            st.setObject(1, room.id());
            st.setString(2, meter.eventName());
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private void update(String sql, UUID roomId) throws Exception {
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            if (roomId != null) {
                st.setTimestamp(1, Timestamp.from(t0));
                st.setObject(2, roomId);
            }
            st.executeUpdate();
        }
    }
}
