package dev.meshrooms.core.billing;

import java.time.Instant;
import java.util.UUID;

/**
 * The payment provider, as billing uses it. Failures are {@link dev.meshrooms.core.error.MeshException}s whose code
 * says what to do: {@code TOO_MANY_REQUESTS} (rate limited: wait and send again), {@code BILLING_UNAVAILABLE} (the
 * provider or the network failed after the client's own retries: try again later), {@code BILLING_REFUSED} (the
 * request itself is wrong — an unknown customer or meter: sending it again will not help), {@code CONFIGURATION}
 * (the API key is refused).
 */
public interface PaymentProvider {

    /** One meter event: {@code value} whole units of {@code meter} for {@code customer} at {@code timestamp}. */
    record UsageEvent(Meter meter, String customer, long value, Instant timestamp, String identifier) {}

    /** A Checkout session the payer is sent to. */
    record Checkout(String id, String url) {}

    /** A subscription as the provider reports it. */
    record Subscription(String id, String status) {}

    /** Records one meter event; the provider keeps the first event of an identifier and ignores its repeats. */
    void report(UsageEvent event);

    /** A new customer for a room (its name and id in the customer's metadata). */
    String createCustomer(UUID roomId, String roomName, String idempotencyKey);

    /** A Checkout session in setup mode: the payer adds a payment method, nothing is charged yet. */
    Checkout startCheckout(String customer, UUID roomId, String successUrl, String cancelUrl);

    /** A Customer Portal session for a customer who pays already: their payment methods, invoices, cancellation. */
    String portal(String customer, String returnUrl);

    /**
     * Subscribes the customer to the metered prices, paid with the payment method the setup intent collected. The
     * idempotency key makes a repeated call return the first call's subscription.
     */
    Subscription subscribe(String customer, String setupIntent, UUID roomId, String idempotencyKey);

    /**
     * Checks a webhook delivery's signature header against its exact body and the endpoint's secret (and that it is
     * recent); a {@code SIGNATURE_INVALID} failure otherwise.
     */
    void verifyWebhook(String payload, String signatureHeader);
}
