package dev.meshrooms.lite.http.page;

import java.util.List;

/**
 * The instance admin's usage page: rooms by usage, each with a small chart of its storage over the last 30 days.
 *
 * @param sort  the column the rows are sorted by (its {@code sort} parameter)
 * @param shown   how many rows are listed, of {@code total} rooms sampled
 * @param billing a sentence on metered billing here: off, or the reporter's last run
 */
public record AdminUsageView(
        List<Row> rows,
        String sort,
        String order,
        int shown,
        int total,
        String totalStorage,
        String sampledAt,
        String billing) {

    /** One room: its latest figures and its storage per day as polyline points ({@value #SPARK_W} × {@value #SPARK_H}). */
    public record Row(
            String slug,
            String name,
            boolean sharded,
            String storage,
            String media,
            String database,
            String messages,
            String shardHours,
            String spark,
            String billingError) {}

    public static final int SPARK_W = 120;
    public static final int SPARK_H = 24;
}
