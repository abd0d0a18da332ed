package dev.meshrooms.lite.http.page;

/**
 * The settings page's Usage panel: the room's latest figures, two small charts of the last 30 days (drawn here as SVG
 * polylines: numbers only, nothing of the room's text) and its shard's cost so far this month.
 *
 * @param storagePoints  the storage chart's polyline points ({@value UsageCharts#WIDTH} × {@value UsageCharts#HEIGHT})
 * @param messagePoints  the messages chart's
 */
public record UsagePanel(
        boolean sampled,
        int samples,
        String lastSampled,
        String storageNow,
        String messagesNow,
        String storagePoints,
        String storageMax,
        String messagePoints,
        String messagesMax,
        String fromDate,
        String toDate,
        boolean sharded,
        String monthTotal,
        String monthBasis) {}
