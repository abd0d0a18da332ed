package dev.meshrooms.core.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linking rooms to their payers: the room admin's <i>Add billing</i> (a Checkout session in setup mode for a new
 * payer, the Customer Portal for one who pays already) and the provider's webhook, which records the customer and
 * subscription on the room. A delivery is applied once: its event id is claimed in the transaction that applies it,
 * and an event older than the one that last set the room's link does not undo it.
 */
public final class RoomBilling {
    private static final Logger LOG = LoggerFactory.getLogger(RoomBilling.class);
    /** Subscription states after which the room no longer has a payer. */
    private static final Set<String> ENDED = Set.of("canceled", "incomplete_expired");
    /** The largest webhook body read (the provider's events are a few KB). */
    public static final int MAX_WEBHOOK_BYTES = 256 * 1024;
    /** Checkout sessions one room may start in an hour (each is a call to the provider). */
    public static final int CHECKOUTS_PER_HOUR = 10;

    private final BillingLedger ledger;
    private final PaymentProvider provider;
    private final ObjectMapper json;
    private final Clock clock;

    /** What a webhook delivery did. */
    public enum Outcome {
        /** The event changed a room's link. */
        APPLIED,
        /** The event was handled before: acknowledged, nothing done again. */
        REPEATED,
        /** Not an event billing acts on, or about a room or session this instance does not know. */
        IGNORED,
        /** The provider refused what the event asked for (a subscription): acknowledged, logged, nothing linked. */
        FAILED
    }

    /** @param provider null when billing is off */
    public RoomBilling(BillingLedger ledger, PaymentProvider provider, ObjectMapper json, Clock clock) {
        this.ledger = ledger;
        this.provider = provider;
        this.json = json;
        this.clock = clock;
    }

    public boolean enabled() {
        return provider != null;
    }

    /** The room's link to its payer. */
    public BillingLedger.Link link(Room room) {
        return ledger.link(room.id());
    }

    /**
     * Where the room's admin goes to add billing: a Checkout session in setup mode (a customer is made for the room
     * on the first click and reused after), or the Customer Portal when the room has a subscription already.
     *
     * @param returnUrl the room's settings page; Checkout comes back to it with {@code ?billing=added} or
     *     {@code ?billing=cancelled}
     */
    public String addBilling(Room room, Principal by, String returnUrl) {
        requireEnabled();
        BillingLedger.Link link = ledger.link(room.id());
        if (link.active()) {
            return provider.portal(link.customer(), returnUrl);
        }
        if (ledger.checkoutsSince(room.id(), clock.instant().minus(java.time.Duration.ofHours(1)))
                >= CHECKOUTS_PER_HOUR) {
            throw new MeshException(
                    ErrorCode.TOO_MANY_REQUESTS,
                    "Room " + room.slug() + " started " + CHECKOUTS_PER_HOUR + " Checkout sessions in the last hour;"
                            + " finish one of them (its page stays valid for 24 hours) or try again later.");
        }
        String customer = link.customer() != null
                ? link.customer()
                : ledger.lastCustomer(room.id())
                        .orElseGet(() -> provider.createCustomer(room.id(), room.slug(), "mesh-customer-" + room.id()));
        String separator = returnUrl.contains("?") ? "&" : "?";
        PaymentProvider.Checkout checkout = provider.startCheckout(
                customer,
                room.id(),
                returnUrl + separator + "billing=added",
                returnUrl + separator + "billing=cancelled");
        ledger.recordCheckout(checkout.id(), room.id(), customer, by.userId());
        LOG.info("room {}: Checkout {} started for customer {}", room.slug(), checkout.id(), customer);
        return checkout.url();
    }

    /** Handles one webhook delivery: its signature first, then the event, once. */
    public Outcome webhook(String payload, String signatureHeader) {
        requireEnabled();
        provider.verifyWebhook(payload, signatureHeader);
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (IOException e) {
            throw MeshException.invalid("webhook body", "is not JSON (" + e.getMessage() + ")");
        }
        String id = event.path("id").asText(null);
        String type = event.path("type").asText("");
        if (id == null || !event.has("created")) {
            throw MeshException.invalid("webhook body", "has no event id or creation time");
        }
        Instant created = Instant.ofEpochSecond(event.path("created").asLong());
        JsonNode object = event.path("data").path("object");
        if (!type.equals("checkout.session.completed") && !type.startsWith("customer.subscription.")) {
            return Outcome.IGNORED;
        }
        if (ledger.handled(id)) {
            return Outcome.REPEATED;
        }
        Outcome outcome = type.equals("checkout.session.completed")
                ? checkoutCompleted(id, type, object, created)
                : Transactions.inTransaction(
                        ledger.global(),
                        c -> ledger.claimEvent(c, id, type)
                                ? subscriptionChanged(c, type, object, created)
                                : Outcome.REPEATED);
        LOG.info("billing webhook {} ({}): {}", id, type, outcome);
        return outcome;
    }

    /**
     * A payer finished Checkout: subscribe them (outside any transaction: the provider's calls may take seconds, and
     * the subscription's idempotency key makes a repeat return the same one), then claim the event and link the room
     * in one short transaction. A room that pays already is not subscribed twice.
     */
    private Outcome checkoutCompleted(String eventId, String type, JsonNode session, Instant created) {
        String sessionId = session.path("id").asText("");
        Optional<BillingLedger.PendingCheckout> pending = ledger.checkout(sessionId);
        if (pending.isEmpty() || !"setup".equals(session.path("mode").asText())) {
            LOG.warn("billing webhook: Checkout session {} was not started here for a room; ignored", sessionId);
            return claimOnly(eventId, type, Outcome.IGNORED);
        }
        BillingLedger.PendingCheckout checkout = pending.get();
        String customer = session.path("customer").asText(checkout.customer());
        if (checkout.completedAt() != null || !customer.equals(checkout.customer())) {
            LOG.warn(
                    "billing webhook: Checkout session {} is completed already or names customer {}, not {}; ignored",
                    sessionId,
                    customer,
                    checkout.customer());
            return claimOnly(eventId, type, Outcome.IGNORED);
        }
        BillingLedger.Link current = ledger.link(checkout.roomId());
        if (current.active()) {
            LOG.info(
                    "billing webhook: room {} pays already (subscription {}); Checkout {} adds its payment method to"
                            + " customer {} and no second subscription",
                    checkout.roomId(),
                    current.subscription(),
                    sessionId,
                    customer);
            return Transactions.inTransaction(ledger.global(), c -> {
                if (!ledger.claimEvent(c, eventId, type)) {
                    return Outcome.REPEATED;
                }
                ledger.completeCheckout(c, sessionId);
                return Outcome.IGNORED;
            });
        }
        String setupIntent = session.path("setup_intent").asText(null);
        PaymentProvider.Subscription sub;
        try {
            if (setupIntent == null || setupIntent.isBlank()) {
                throw new MeshException(
                        ErrorCode.BILLING_REFUSED, "Checkout session " + sessionId + " has no setup intent");
            }
            sub = provider.subscribe(customer, setupIntent, checkout.roomId(), "mesh-subscribe-" + sessionId);
        } catch (MeshException e) {
            if (e.code() != ErrorCode.BILLING_REFUSED) {
                throw e; // unavailable: answered 503, Stripe delivers again later
            }
            // retrying will not help: acknowledged, the room stays without a payer, its admin may add billing again
            LOG.warn("billing webhook: room {} could not be subscribed: {}", checkout.roomId(), e.getMessage());
            return claimOnly(eventId, type, Outcome.FAILED);
        }
        return Transactions.inTransaction(ledger.global(), c -> {
            if (!ledger.claimEvent(c, eventId, type)) {
                return Outcome.REPEATED;
            }
            Optional<BillingLedger.LockedLink> locked = ledger.lockLink(c, checkout.roomId());
            if (locked.isEmpty()) {
                return Outcome.IGNORED; // the room was removed meanwhile
            }
            BillingLedger.Link was = locked.get().link();
            if (was.active() && !was.subscription().equals(sub.id())) {
                LOG.warn(
                        "billing webhook: room {} got subscription {} meanwhile; {} made for Checkout {} is not"
                                + " linked (cancel it in Stripe)",
                        checkout.roomId(),
                        was.subscription(),
                        sub.id(),
                        sessionId);
                ledger.completeCheckout(c, sessionId);
                return Outcome.IGNORED;
            }
            boolean renewed = !sub.id().equals(was.subscription());
            if (renewed) {
                ledger.resetWatermarks(c, checkout.roomId());
            }
            ledger.setLink(
                    c,
                    checkout.roomId(),
                    new BillingLedger.Link(
                            customer,
                            sub.id(),
                            sub.status(),
                            renewed || was.linkedAt() == null ? clock.instant() : was.linkedAt(),
                            renewed ? null : was.error(),
                            renewed ? null : was.errorAt()),
                    later(created, locked.get().eventAt()));
            ledger.completeCheckout(c, sessionId);
            return Outcome.APPLIED;
        });
    }

    private Outcome claimOnly(String eventId, String type, Outcome outcome) {
        return Transactions.inTransaction(
                ledger.global(), c -> ledger.claimEvent(c, eventId, type) ? outcome : Outcome.REPEATED);
    }

    private Outcome subscriptionChanged(java.sql.Connection c, String type, JsonNode sub, Instant created)
            throws java.sql.SQLException {
        String subscription = sub.path("id").asText("");
        String customer = sub.path("customer").asText("");
        String status = sub.path("status").asText("");
        UUID roomId;
        try {
            roomId = UUID.fromString(sub.path("metadata").path("room_id").asText(""));
        } catch (IllegalArgumentException e) {
            return Outcome.IGNORED; // not a subscription this instance made
        }
        Optional<BillingLedger.LockedLink> locked = ledger.lockLink(c, roomId);
        if (locked.isEmpty()) {
            return Outcome.IGNORED;
        }
        BillingLedger.Link was = locked.get().link();
        if (!customer.equals(was.customer()) && !ledger.checkoutFor(c, roomId, customer)) {
            LOG.warn(
                    "billing webhook: subscription {} names room {} but customer {} never paid for it; ignored",
                    subscription,
                    roomId,
                    customer);
            return Outcome.IGNORED;
        }
        Instant lastEvent = locked.get().eventAt();
        if (lastEvent != null && created.isBefore(lastEvent)) {
            return Outcome.IGNORED; // an older event than the one that set the link: it does not undo it
        }
        boolean ended = type.equals("customer.subscription.deleted") || ENDED.contains(status);
        if (ended) {
            if (was.subscription() != null && !subscription.equals(was.subscription())) {
                return Outcome.IGNORED; // the end of an earlier subscription, not the room's current one
            }
            ledger.setLink(
                    c,
                    roomId,
                    new BillingLedger.Link(customer, null, status, was.linkedAt(), was.error(), was.errorAt()),
                    created);
            return Outcome.APPLIED;
        }
        if (was.subscription() != null && !subscription.equals(was.subscription())) {
            return Outcome.IGNORED; // another subscription than the room's current one: the room is not paid twice
        }
        boolean renewed = was.subscription() == null;
        if (renewed) {
            ledger.resetWatermarks(c, roomId);
        }
        ledger.setLink(
                c,
                roomId,
                new BillingLedger.Link(
                        customer,
                        subscription,
                        status,
                        renewed || was.linkedAt() == null ? clock.instant() : was.linkedAt(),
                        // a change to the subscription (the payer fixed it in the Customer Portal) lets reporting try
                        // again; a still broken one is marked again by the next report
                        null,
                        null),
                created);
        return Outcome.APPLIED;
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private void requireEnabled() {
        if (provider == null) {
            throw new MeshException(
                    ErrorCode.BILLING_OFF,
                    "Billing is off on this instance: no payment provider is configured (STRIPE_API_KEY). Rooms are"
                            + " not billed; see docs/billing.md to turn it on.");
        }
    }
}
