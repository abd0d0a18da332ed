package dev.meshrooms.core.billing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.billing.MeterEventCreateParams;
import dev.meshrooms.core.billing.BillingSettings;
import dev.meshrooms.core.billing.Meter;
import dev.meshrooms.core.billing.PaymentProvider;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.util.UUID;

/**
 * {@link PaymentProvider} on Stripe. The client retries what Stripe documents as safe to retry (network failures,
 * 409 conflicts, 5xx and responses marked {@code Stripe-Should-Retry}) with its own backoff and an idempotency key;
 * what still fails is mapped to the port's codes, with Stripe's message, code and request id in the sentence.
 */
public final class StripeProvider implements PaymentProvider {
    /** Retries of the client itself for one call (network failures, 409, 5xx). */
    static final int NETWORK_RETRIES = 2;
    /** How old a webhook delivery's signature may be (Stripe's default, five minutes). */
    static final long WEBHOOK_TOLERANCE_SECONDS = Webhook.DEFAULT_TOLERANCE;

    private final StripeClient client;
    private final BillingSettings settings;

    public StripeProvider(BillingSettings settings) {
        this.settings = settings;
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(settings.apiKey())
                .setMaxNetworkRetries(NETWORK_RETRIES)
                .setConnectTimeout(10_000)
                .setReadTimeout(30_000);
        if (settings.apiBase() != null) {
            String base = settings.apiBase().toString().replaceAll("/+$", "");
            builder.setApiBase(base).setMeterEventsBase(base).setFilesBase(base).setConnectBase(base);
        }
        this.client = builder.build();
    }

    @Override
    public void report(UsageEvent event) {
        MeterEventCreateParams params = MeterEventCreateParams.builder()
                .setEventName(event.meter().eventName())
                .setIdentifier(event.identifier())
                .setTimestamp(event.timestamp().getEpochSecond())
                .putPayload("stripe_customer_id", event.customer())
                .putPayload("value", Long.toString(event.value()))
                .build();
        call(
                "reporting " + event.meter().eventName() + " " + event.identifier(),
                () -> client.billing()
                        .meterEvents()
                        .create(
                                params,
                                RequestOptions.builder()
                                        .setIdempotencyKey(event.identifier())
                                        .build()));
    }

    @Override
    public String createCustomer(UUID roomId, String roomName, String idempotencyKey) {
        CustomerCreateParams params = CustomerCreateParams.builder()
                .setName("Mesh room " + roomName)
                .setDescription("Pays for the Mesh room " + roomName + "'s own shard")
                .putMetadata("room_id", roomId.toString())
                .build();
        return call(
                        "creating the customer for room " + roomName,
                        () -> client.customers()
                                .create(
                                        params,
                                        RequestOptions.builder()
                                                .setIdempotencyKey(idempotencyKey)
                                                .build()))
                .getId();
    }

    @Override
    public Checkout startCheckout(String customer, UUID roomId, String successUrl, String cancelUrl) {
        com.stripe.param.checkout.SessionCreateParams params = com.stripe.param.checkout.SessionCreateParams.builder()
                .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SETUP)
                .setCurrency(settings.currency())
                .setCustomer(customer)
                .setClientReferenceId(roomId.toString())
                .putMetadata("room_id", roomId.toString())
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .build();
        com.stripe.model.checkout.Session session = call(
                "starting Checkout for customer " + customer,
                () -> client.checkout().sessions().create(params));
        return new Checkout(session.getId(), session.getUrl());
    }

    @Override
    public String portal(String customer, String returnUrl) {
        com.stripe.param.billingportal.SessionCreateParams params =
                com.stripe.param.billingportal.SessionCreateParams.builder()
                        .setCustomer(customer)
                        .setReturnUrl(returnUrl)
                        .build();
        return call(
                        "opening the Customer Portal for customer " + customer,
                        () -> client.billingPortal().sessions().create(params))
                .getUrl();
    }

    @Override
    public Subscription subscribe(String customer, String setupIntent, UUID roomId, String idempotencyKey) {
        String paymentMethod = call(
                        "reading setup intent " + setupIntent,
                        () -> client.setupIntents().retrieve(setupIntent))
                .getPaymentMethod();
        SubscriptionCreateParams.Builder params =
                SubscriptionCreateParams.builder().setCustomer(customer).putMetadata("room_id", roomId.toString());
        if (paymentMethod != null) {
            params.setDefaultPaymentMethod(paymentMethod);
        }
        for (Meter meter : Meter.values()) {
            params.addItem(SubscriptionCreateParams.Item.builder()
                    .setPrice(settings.price(meter))
                    .build());
        }
        com.stripe.model.Subscription sub = call(
                "subscribing customer " + customer,
                () -> client.subscriptions()
                        .create(
                                params.build(),
                                RequestOptions.builder()
                                        .setIdempotencyKey(idempotencyKey)
                                        .build()));
        return new Subscription(sub.getId(), sub.getStatus());
    }

    @Override
    public void verifyWebhook(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new MeshException(
                    ErrorCode.SIGNATURE_INVALID,
                    "Webhook refused: it has no Stripe-Signature header. Only Stripe's deliveries are accepted here.");
        }
        try {
            Webhook.Signature.verifyHeader(
                    payload, signatureHeader, settings.webhookSecret(), WEBHOOK_TOLERANCE_SECONDS);
        } catch (SignatureVerificationException e) {
            throw new MeshException(
                    ErrorCode.SIGNATURE_INVALID,
                    "Webhook refused: its Stripe-Signature does not match this endpoint's secret or is older than "
                            + WEBHOOK_TOLERANCE_SECONDS + " s (" + e.getMessage() + "). Check STRIPE_WEBHOOK_SECRET"
                            + " is the signing secret of this endpoint.");
        }
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> T call(String what, StripeCall<T> call) {
        try {
            return call.run();
        } catch (StripeException e) {
            throw translate(what, e);
        }
    }

    /** Stripe's failure as the port's: what to do depends on which kind it is. */
    static MeshException translate(String what, StripeException e) {
        String detail = what + " failed: "
                + (e.getStripeError() != null && e.getStripeError().getMessage() != null
                        ? e.getStripeError().getMessage()
                        : e.getMessage())
                + (e.getCode() != null ? " (code " + e.getCode() + ")" : "")
                + (e.getRequestId() != null ? " [request " + e.getRequestId() + "]" : "");
        if (e instanceof RateLimitException || Integer.valueOf(429).equals(e.getStatusCode())) {
            return new MeshException(ErrorCode.TOO_MANY_REQUESTS, "Stripe is rate limiting: " + detail, e);
        }
        if (e instanceof AuthenticationException || e instanceof com.stripe.exception.PermissionException) {
            return new MeshException(
                    ErrorCode.CONFIGURATION,
                    "Stripe refused the API key: " + detail + ". Check STRIPE_API_KEY (a secret key, sk_…, or a"
                            + " restricted key with write access to meter events, customers, Checkout, subscriptions"
                            + " and portal sessions).",
                    e);
        }
        Integer status = e.getStatusCode();
        if (e instanceof ApiConnectionException || status == null || status >= 500 || status == 409) {
            return new MeshException(
                    ErrorCode.BILLING_UNAVAILABLE, "Stripe could not be reached or failed: " + detail, e);
        }
        return new MeshException(ErrorCode.BILLING_REFUSED, "Stripe refused the request: " + detail, e);
    }
}
