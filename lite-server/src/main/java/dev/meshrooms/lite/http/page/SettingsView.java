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
        RoomView.Banner banner) {

    public record CostLine(String label, String basis, String monthly) {}
}
