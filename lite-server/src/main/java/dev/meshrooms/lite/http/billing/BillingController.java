package dev.meshrooms.lite.http.billing;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.billing.RoomBilling;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import java.util.Map;

/**
 * A room's link to its payer: {@code POST /api/room/<ref>/billing} (the room's admin; answers where to send the
 * browser: Stripe Checkout, or the Customer Portal for a room that pays already) and {@code POST
 * /api/billing/webhook} (Stripe's deliveries; no session or token, the {@code Stripe-Signature} is the credential,
 * and what a browser sends is refused before it).
 */
public final class BillingController {
    private final MeshCore core;
    private final RequestAuth auth;

    public BillingController(MeshCore core, RequestAuth auth) {
        this.core = core;
        this.auth = auth;
    }

    public void addBilling(Context ctx) {
        var principal = auth.principal(ctx);
        Room room = core.access().managed(ctx.pathParam("ref"), principal);
        Principal by = principal.orElseThrow();
        String returnUrl = auth.baseUrl(ctx) + "/room/" + room.slug() + "/settings";
        ctx.json(Map.of("url", core.billing().addBilling(room, by, returnUrl)));
    }

    public void webhook(Context ctx) {
        if (ctx.header("Origin") != null || ctx.header("Sec-Fetch-Site") != null) {
            // a browser sent it (a page of some site posting here): Stripe's servers send neither header
            throw new MeshException(
                    dev.meshrooms.core.error.ErrorCode.FORBIDDEN,
                    "Webhook refused: it was sent by a web page (Origin " + ctx.header("Origin")
                            + "); only Stripe's servers deliver events here.");
        }
        long length = ctx.contentLength();
        if (length > RoomBilling.MAX_WEBHOOK_BYTES) {
            throw new MeshException(
                    dev.meshrooms.core.error.ErrorCode.PAYLOAD_TOO_LARGE,
                    "Webhook refused: its body has " + length + " bytes, more than the " + RoomBilling.MAX_WEBHOOK_BYTES
                            + " a Stripe event has.");
        }
        RoomBilling.Outcome outcome = core.billing().webhook(ctx.body(), ctx.header("Stripe-Signature"));
        ctx.json(Map.of("received", true, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)));
    }
}
