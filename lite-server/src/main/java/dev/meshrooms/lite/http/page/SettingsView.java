package dev.meshrooms.lite.http.page;

import java.util.List;
import java.util.UUID;

/** The room's settings page: where it lives, its size, what a shard of its own would cost, and its latest move. */
public record SettingsView(
        UUID roomId,
        String name,
        String slug,
        boolean sharded,
        String shardSchema,
        String bucket,
        long messageCount,
        String rowBytes,
        String mediaBytes,
        List<CostLine> costLines,
        String costTotal,
        String priceRegion,
        String priceDate,
        String priceResource,
        boolean running,
        boolean failed,
        String direction,
        int percent,
        String phaseLabel,
        String error,
        String topic,
        String csrf,
        UsagePanel usage,
        RoomView.Banner banner,
        Billing billing) {

    public record CostLine(String label, String basis, String monthly) {}

    /**
     * Who pays for the room's own shard: off (no payment provider here), nobody yet (Add billing), or a customer with
     * a subscription (Manage billing), and a reporting error the provider gave, if any.
     */
    public record Billing(boolean enabled, boolean active, String customer, String status, String since, String error) {
        public String action() {
            return active ? "Manage billing" : "Add billing";
        }
    }
}
