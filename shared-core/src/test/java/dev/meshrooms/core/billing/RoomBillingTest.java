package dev.meshrooms.core.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.StripeRecording;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Linking a room to its payer against recorded Stripe responses (WireMock plays the API: customers, Checkout in setup
 * mode, setup intents, subscriptions, the Customer Portal; see {@code stripe-recorded/README.md}) and webhook
 * deliveries signed as Stripe signs them; the rooms and records are in real PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Add billing and the Stripe webhook: Checkout in setup mode, signatures checked, each event applied once")
class RoomBillingTest {
    private static final String SETTINGS_URL = "https://mesh.example/room/x/settings";
    private static final String SESSION = "cs_test_c1dU2sNfCpY8GZyfDdS3mY0Hu1Cq1b9vLd6BVHY2gPpz7m5bWv3wVm1Bk8";
    private WireMockServer stripe;
    private MeshCore mesh;
    private MeshCore off;
    private User owner;

    @BeforeAll
    void start() {
        stripe =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        stripe.start();
        mesh = TestMesh.start(TestMesh.settingsBuilder(
                        TestPostgres.newDatabase(), List.of(), dev.meshrooms.core.CoreSettings.DEFAULT_POOL_SIZE)
                .billing(BillingSettings.builder()
                        .apiKey(StripeRecording.API_KEY)
                        .webhookSecret(StripeRecording.WEBHOOK_SECRET)
                        .storagePrice("price_room_shard_gb")
                        .dbHoursPrice("price_room_shard_db_hours")
                        .apiBase(URI.create(stripe.baseUrl()))
                        .build())
                .build());
        off = TestMesh.start();
        owner = mesh.users().create("owner", "Owner");
    }

    @AfterAll
    void stop() {
        mesh.close();
        off.close();
        stripe.stop();
    }

    @BeforeEach
    void reset() {
        stripe.resetAll();
    }

    @Test
    @DisplayName(
            "Add billing: a customer for the room (made once), then Checkout in setup mode that comes back to the page")
    void addBillingStartsCheckout() throws Exception {
        Room room = room("payer");
        update("DELETE FROM mesh.billing_checkouts");
        stubStripe(room);
        String url = mesh.billing().addBilling(room, principal(), SETTINGS_URL);
        assertThat(url).startsWith("https://checkout.stripe.com/c/pay/cs_test_");

        LoggedRequest customer = only(postRequestedFor(urlEqualTo("/v1/customers")));
        assertThat(customer.getHeader("Idempotency-Key")).isEqualTo("mesh-customer-" + room.id());
        assertThat(StripeRecording.form(customer))
                .containsEntry("metadata[room_id]", room.id().toString());
        Map<String, String> session = StripeRecording.form(only(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))));
        assertThat(session)
                .containsEntry("mode", "setup")
                .containsEntry("currency", "usd")
                .containsEntry("customer", StripeRecording.CUSTOMER)
                .containsEntry("client_reference_id", room.id().toString())
                .containsEntry("success_url", SETTINGS_URL + "?billing=added")
                .containsEntry("cancel_url", SETTINGS_URL + "?billing=cancelled");

        // a second click: the same customer, a new session
        stripe.resetRequests();
        stripe.stubFor(post(urlEqualTo("/v1/checkout/sessions"))
                .willReturn(StripeRecording.json(
                        200,
                        StripeRecording.body(
                                        "checkout-session-setup.json",
                                        "room_id",
                                        room.id().toString())
                                .replace(SESSION, SESSION.replace("c1d", "c2d")))));
        mesh.billing().addBilling(room, principal(), SETTINGS_URL);
        assertThat(stripe.findAll(postRequestedFor(urlEqualTo("/v1/customers"))))
                .isEmpty();
        assertThat(stripe.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))))
                .hasSize(1);
    }

    @Test
    @DisplayName(
            "checkout.session.completed, signed: the room is subscribed to both meters and linked; a replay changes nothing")
    void completedCheckoutLinksTheRoom() throws Exception {
        Room room = room("linked");
        startCheckout(room);
        String payload = checkoutCompleted("evt_1_" + room.id(), room, Instant.now());
        RoomBilling.Outcome outcome = mesh.billing().webhook(payload, sign(payload));
        assertThat(outcome).isEqualTo(RoomBilling.Outcome.APPLIED);

        Map<String, String> sub = StripeRecording.form(only(postRequestedFor(urlEqualTo("/v1/subscriptions"))));
        assertThat(sub)
                .containsEntry("customer", StripeRecording.CUSTOMER)
                .containsEntry("default_payment_method", "pm_1NG8Dt2eZvKYlo2CfKqVrYjR")
                .containsEntry("items[0][price]", "price_room_shard_gb")
                .containsEntry("items[1][price]", "price_room_shard_db_hours")
                .containsEntry("metadata[room_id]", room.id().toString());
        assertThat(stripe.findAll(getRequestedFor(urlEqualTo("/v1/setup_intents/seti_1NG8Du2eZvKYlo2C9XMqbR0x"))))
                .hasSize(1);
        BillingLedger.Link link = mesh.billing().link(room);
        assertThat(link.customer()).isEqualTo(StripeRecording.CUSTOMER);
        assertThat(link.subscription()).isEqualTo(StripeRecording.SUBSCRIPTION);
        assertThat(link.status()).isEqualTo("active");
        assertThat(link.linkedAt()).isNotNull();
        assertThat(mesh.limits()
                        .of(mesh.rooms().findById(room.id()).orElseThrow())
                        .billed())
                .as("the free tier's limits no longer hold a paying room")
                .isEqualTo(mesh.limits().tier().enforced());

        // Stripe delivers again (or someone replays the delivery): acknowledged, nothing done twice
        stripe.resetRequests();
        assertThat(mesh.billing().webhook(payload, sign(payload))).isEqualTo(RoomBilling.Outcome.REPEATED);
        assertThat(stripe.getAllServeEvents()).isEmpty();

        // the Add billing button now opens the Customer Portal
        stripe.stubFor(post(urlEqualTo("/v1/billing_portal/sessions"))
                .willReturn(StripeRecording.json(
                        200, StripeRecording.body("billing-portal-session.json", "return_url", SETTINGS_URL))));
        assertThat(mesh.billing().addBilling(room, principal(), SETTINGS_URL))
                .startsWith("https://billing.stripe.com/p/session/");
        assertThat(StripeRecording.form(only(postRequestedFor(urlEqualTo("/v1/billing_portal/sessions")))))
                .containsEntry("customer", StripeRecording.CUSTOMER)
                .containsEntry("return_url", SETTINGS_URL);
    }

    @Test
    @DisplayName(
            "a bad signature, a changed body, an old signature or none: refused, nothing recorded, not even the event")
    void badSignaturesRefused() throws Exception {
        Room room = room("forged");
        startCheckout(room);
        String payload = checkoutCompleted("evt_forged_" + room.id(), room, Instant.now());
        long now = Instant.now().getEpochSecond();
        List<String> headers = List.of(
                StripeRecording.signature(payload, now, "whsec_someone_else"),
                StripeRecording.signature(
                        payload.replace("\"setup\"", "\"payment\""), now, StripeRecording.WEBHOOK_SECRET),
                StripeRecording.signature(payload, now - 3600, StripeRecording.WEBHOOK_SECRET),
                "");
        for (String header : headers) {
            assertThatThrownBy(() -> mesh.billing().webhook(payload, header))
                    .isInstanceOf(MeshException.class)
                    .satisfies(e -> assertThat(((MeshException) e).code()).isEqualTo(ErrorCode.SIGNATURE_INVALID))
                    .hasMessageContaining("Webhook refused");
        }
        assertThat(stripe.findAll(postRequestedFor(urlEqualTo("/v1/subscriptions"))))
                .isEmpty();
        assertThat(mesh.billing().link(room).customer()).isNull();
        assertThat(count("SELECT count(*) FROM mesh.billing_events WHERE event_id = 'evt_forged_" + room.id() + "'"))
                .isZero();
        // the genuine delivery still goes through afterwards
        assertThat(mesh.billing().webhook(payload, sign(payload))).isEqualTo(RoomBilling.Outcome.APPLIED);
    }

    @Test
    @DisplayName("customer.subscription.deleted ends the link; an older event delivered late does not bring it back")
    void subscriptionEnds() throws Exception {
        Room room = room("ending");
        startCheckout(room);
        String completed =
                checkoutCompleted("evt_c_" + room.id(), room, Instant.now().minusSeconds(120));
        mesh.billing().webhook(completed, sign(completed));
        assertThat(mesh.billing().link(room).active()).isTrue();

        String deleted = subscriptionEvent(
                "evt_d_" + room.id(),
                room,
                "customer.subscription.deleted",
                "canceled",
                Instant.now().minusSeconds(10));
        assertThat(mesh.billing().webhook(deleted, sign(deleted))).isEqualTo(RoomBilling.Outcome.APPLIED);
        BillingLedger.Link link = mesh.billing().link(room);
        assertThat(link.active()).isFalse();
        assertThat(link.status()).isEqualTo("canceled");
        assertThat(mesh.billingLedger().billedRooms())
                .extracting(BillingLedger.BilledRoom::roomId)
                .doesNotContain(room.id());

        String stale = subscriptionEvent(
                "evt_u_" + room.id(),
                room,
                "customer.subscription.updated",
                "active",
                Instant.now().minusSeconds(60));
        assertThat(mesh.billing().webhook(stale, sign(stale))).isEqualTo(RoomBilling.Outcome.IGNORED);
        assertThat(mesh.billing().link(room).active()).isFalse();
    }

    @Test
    @DisplayName("a room that started ten Checkouts in the last hour gets 429 before Stripe is called")
    void checkoutsBounded() throws Exception {
        Room room = room("clicky");
        for (int i = 0; i < RoomBilling.CHECKOUTS_PER_HOUR; i++) {
            mesh.billingLedger()
                    .recordCheckout("cs_test_bounded_" + i + "_" + room.id(), room.id(), "cus_x", owner.id());
        }
        assertThatThrownBy(() -> mesh.billing().addBilling(room, principal(), SETTINGS_URL))
                .hasMessageContaining("started 10 Checkout sessions in the last hour")
                .satisfies(e -> assertThat(((MeshException) e).code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS));
        assertThat(stripe.getAllServeEvents()).isEmpty();
    }

    @Test
    @DisplayName("a second Checkout completed for a paying room, or another subscription's events: no second payer")
    void noSecondSubscription() throws Exception {
        Room room = room("twice");
        startCheckout(room);
        String first =
                checkoutCompleted("evt_f_" + room.id(), room, Instant.now().minusSeconds(30));
        assertThat(mesh.billing().webhook(first, sign(first))).isEqualTo(RoomBilling.Outcome.APPLIED);

        // the admin had opened a second Checkout and finishes it too
        update("UPDATE mesh.billing_checkouts SET completed_at = NULL WHERE session_id = '" + SESSION + "'");
        stripe.resetRequests();
        String second =
                checkoutCompleted("evt_s2_" + room.id(), room, Instant.now().minusSeconds(20));
        assertThat(mesh.billing().webhook(second, sign(second))).isEqualTo(RoomBilling.Outcome.IGNORED);
        assertThat(stripe.findAll(postRequestedFor(urlEqualTo("/v1/subscriptions"))))
                .isEmpty();

        // an event about some other subscription of the customer does not replace the room's
        String other = subscriptionEvent(
                "evt_o_" + room.id(), room, "sub_someother", "customer.subscription.updated", "active", Instant.now());
        assertThat(mesh.billing().webhook(other, sign(other))).isEqualTo(RoomBilling.Outcome.IGNORED);
        assertThat(mesh.billing().link(room).subscription()).isEqualTo(StripeRecording.SUBSCRIPTION);
    }

    @Test
    @DisplayName("Stripe refuses the subscription: acknowledged (no retries for days), logged, the room stays unpaid")
    void refusedSubscription() throws Exception {
        Room room = room("refused");
        startCheckout(room);
        // the newest stub answers first: the subscription is refused
        stripe.stubFor(post(urlEqualTo("/v1/subscriptions"))
                .willReturn(StripeRecording.json(
                        400,
                        "{\"error\":{\"code\":\"resource_missing\",\"message\":\"No such price:"
                                + " 'price_room_shard_gb'\",\"param\":\"items[0][price]\",\"type\":"
                                + "\"invalid_request_error\"}}")));
        String payload = checkoutCompleted("evt_r_" + room.id(), room, Instant.now());
        assertThat(mesh.billing().webhook(payload, sign(payload))).isEqualTo(RoomBilling.Outcome.FAILED);
        assertThat(mesh.billing().link(room).active()).isFalse();
        assertThat(mesh.billing().webhook(payload, sign(payload))).isEqualTo(RoomBilling.Outcome.REPEATED);
    }

    @Test
    @DisplayName("a completed Checkout this instance did not start links nothing")
    void unknownSessionIgnored() throws Exception {
        Room room = room("stranger");
        String payload = checkoutCompleted("evt_s_" + room.id(), room, Instant.now());
        assertThat(mesh.billing().webhook(payload, sign(payload))).isEqualTo(RoomBilling.Outcome.IGNORED);
        assertThat(mesh.billing().link(room).customer()).isNull();
        assertThat(stripe.findAll(postRequestedFor(urlEqualTo("/v1/subscriptions"))))
                .isEmpty();
    }

    @Test
    @DisplayName("with no Stripe configured: Add billing and the webhook say billing is off; no reporter runs")
    void billingOff() {
        Room room = off.roomService()
                .create(
                        new NewRoom("unbilled", "Unbilled", Visibility.PUBLIC),
                        off.users().create("o", "O").id());
        assertThat(off.billing().enabled()).isFalse();
        assertThat(off.usageReporter()).isNull();
        assertThatThrownBy(() -> off.billing().addBilling(room, principal(), SETTINGS_URL))
                .hasMessageContaining("Billing is off on this instance")
                .satisfies(e -> assertThat(((MeshException) e).code()).isEqualTo(ErrorCode.BILLING_OFF));
        assertThatThrownBy(() -> off.billing().webhook("{}", "t=1,v1=00")).hasMessageContaining("Billing is off");
    }

    private Room room(String slug) {
        return mesh.roomService()
                .create(
                        new NewRoom(slug + "-" + Long.toHexString(System.nanoTime()), slug, Visibility.PUBLIC),
                        owner.id());
    }

    private Principal principal() {
        return new Principal(owner.id(), false);
    }

    /** Stripe's answers for linking this room (customer, Checkout, setup intent, subscription). */
    private void stubStripe(Room room) {
        StripeRecording.stubLinking(stripe, room.id(), room.slug(), null);
    }

    /** Add billing for the room, leaving its Checkout session recorded under the recorded session id. */
    private void startCheckout(Room room) throws Exception {
        // one recorded session id for every room: the record of an earlier test's room gives way
        update("DELETE FROM mesh.billing_checkouts WHERE session_id = '" + SESSION + "'");
        stubStripe(room);
        mesh.billing().addBilling(room, principal(), SETTINGS_URL);
    }

    private static String checkoutCompleted(String eventId, Room room, Instant created) {
        return StripeRecording.body(
                "event-checkout-session-completed.json",
                "event_id",
                eventId,
                "created",
                Long.toString(created.getEpochSecond()),
                "session_id",
                SESSION,
                "room_id",
                room.id().toString());
    }

    private static String subscriptionEvent(String eventId, Room room, String type, String status, Instant created) {
        return subscriptionEvent(eventId, room, StripeRecording.SUBSCRIPTION, type, status, created);
    }

    private static String subscriptionEvent(
            String eventId, Room room, String subscription, String type, String status, Instant created) {
        return StripeRecording.body(
                "event-customer-subscription.json",
                "event_id",
                eventId,
                "created",
                Long.toString(created.getEpochSecond()),
                "subscription",
                subscription,
                "room_id",
                room.id().toString(),
                "status",
                status,
                "type",
                type);
    }

    private static String sign(String payload) {
        return StripeRecording.signature(payload, Instant.now().getEpochSecond(), StripeRecording.WEBHOOK_SECRET);
    }

    private LoggedRequest only(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        List<LoggedRequest> found = stripe.findAll(pattern);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private long count(String sql) throws Exception {
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void update(String sql) throws Exception {
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            st.executeUpdate();
        }
    }
}
