package dev.meshrooms.core.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The recorded Stripe bodies ({@code stripe-recorded/}) and what a test needs around them. */
public final class StripeRecording {
    public static final String API_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
    public static final String WEBHOOK_SECRET = "whsec_test_mesh_rooms_0123456789abcdef";
    public static final String CUSTOMER = "cus_NffrFeUfNV2Hib";
    public static final String SUBSCRIPTION = "sub_1MowQVLkdIwHu7ixeRlqHVzs";

    private StripeRecording() {}

    public static String body(String name, String... replacements) {
        try (InputStream in = StripeRecording.class.getResourceAsStream("/stripe-recorded/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i + 1 < replacements.length; i += 2) {
                text = text.replace("{{" + replacements[i] + "}}", replacements[i + 1]);
            }
            return text;
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("recorded Stripe body " + name + " is missing", e);
        }
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader(
                        "Request-Id",
                        "req_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14))
                .withBody(body);
    }

    /**
     * Stripe's answers for linking a room to a payer: a customer, a Checkout session in setup mode (its page at
     * {@code checkoutOrigin}, Stripe's own when null), the setup intent it collected and the subscription made with it.
     */
    public static void stubLinking(
            com.github.tomakehurst.wiremock.WireMockServer stripe, UUID roomId, String slug, String checkoutOrigin) {
        String room = roomId.toString();
        stripe.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/customers")
                .willReturn(json(200, body("customer.json", "room_id", room, "slug", slug))));
        String session = body("checkout-session-setup.json", "room_id", room);
        stripe.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/checkout/sessions")
                .willReturn(json(
                        200,
                        checkoutOrigin == null
                                ? session
                                : session.replace("https://checkout.stripe.com", checkoutOrigin))));
        stripe.stubFor(
                com.github.tomakehurst.wiremock.client.WireMock.get("/v1/setup_intents/seti_1NG8Du2eZvKYlo2C9XMqbR0x")
                        .willReturn(json(200, body("setup-intent.json"))));
        stripe.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/subscriptions")
                .willReturn(json(200, body("subscription.json", "room_id", room))));
    }

    /** A form-encoded request body as its fields. */
    public static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            fields.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** A Stripe-Signature header for this body, signed at {@code timestamp} with {@code secret} (Stripe's scheme v1). */
    public static String signature(String payload, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return "t=" + timestamp + ",v1=" + hex;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
