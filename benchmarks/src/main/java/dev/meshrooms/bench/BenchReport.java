package dev.meshrooms.bench;

import java.io.PrintStream;
import java.time.Duration;

/** Prints the routing benchmark's results as two plain-text tables with their goals. */
final class BenchReport {
    private static final String RULE = "-".repeat(78);

    private BenchReport() {}

    static void print(
            PrintStream out, BenchOptions options, FetchLatencyBench.Result latency, RoomFanoutBench.Result fanout) {
        out.println();
        out.println(RULE);
        out.printf(
                "fetchMessages, %,d messages per room, %d per page, cursors over all %d pages;%n",
                options.messages(), options.pageSize(), latency.pagesPerRoom());
        out.printf(
                "%,d measured + %,d warm-up calls per room and row, the two rooms interleaved%n",
                options.iterations(), options.warmup());
        out.println(RULE);
        out.printf("%-24s %18s %18s %18s%n", "", "unsharded (us)", "sharded (us)", "sharded/unsharded");
        out.printf("%-24s %9s %8s %9s %8s %9s %8s%n", "", "p50", "p99", "p50", "p99", "p50", "p99");
        comparison(out, "MessageService.page", latency.page());
        comparison(out, "RoomStore.fetchMessages", latency.store());
        out.printf(
                "goal ratio <= %.1f (MessageService.page): p50 %s, p99 %s%n",
                RoutingBench.RATIO_GOAL,
                verdict(latency.page().p50Ratio() <= RoutingBench.RATIO_GOAL),
                verdict(latency.page().p99Ratio() <= RoutingBench.RATIO_GOAL));
        out.printf("(seeding both rooms through MessageService.sendAt took %s)%n", seconds(latency.seeding()));
        out.println(RULE);
        out.printf("Connections after touching %,d rooms (%,d sharded) once each%n", fanout.rooms(), fanout.sharded());
        out.println("(pg_stat_activity on the bench database, sampled every 100 ms from another database)");
        out.println(RULE);
        row(
                out,
                "unsharded rooms provisioned",
                String.format("%,d in %s", fanout.unsharded(), seconds(fanout.unshardedProvisioning())));
        row(
                out,
                "shards provisioned (Flyway each)",
                String.format(
                        "%,d in %s (%.0f ms of wall time per shard, %d threads)",
                        fanout.sharded(),
                        seconds(fanout.shardProvisioning()),
                        perItemMillis(fanout.shardProvisioning(), fanout.sharded()),
                        fanout.threads()));
        row(
                out,
                "rooms touched (countMessages)",
                String.format(
                        "%,d in %s, %,d messages",
                        fanout.rooms(), seconds(fanout.touching()), fanout.messagesCounted()));
        row(
                out,
                "request pools' client connections now",
                String.valueOf(fanout.after().clients()));
        row(
                out,
                "request pools' client connections, peak",
                String.valueOf(fanout.peak().clients()));
        row(
                out,
                "move pools' connections, now/peak",
                fanout.after().moves() + " / " + fanout.peak().moves() + " (provisioning shards)");
        row(
                out,
                "change feed's listening connection",
                String.valueOf(fanout.after().listeners()));
        row(
                out,
                "all backends incl. workers, now/peak",
                fanout.after().backends() + " / " + fanout.peak().backends());
        row(out, "configured pool maximum", String.valueOf(fanout.poolMax()));
        row(out, "pools created (global included)", String.valueOf(fanout.poolsCreated()));
        row(out, "shard-server pools open", String.valueOf(fanout.openShardPools()));
        out.printf(
                "goal request pools' client connections <= pool maximum: after touching %s, at peak %s%n",
                verdict(fanout.after().clients() <= fanout.poolMax()),
                verdict(fanout.peak().clients() <= fanout.poolMax()));
        out.println(RULE);
    }

    private static void comparison(PrintStream out, String call, FetchLatencyBench.Comparison c) {
        out.printf(
                "%-24s %9.1f %8.1f %9.1f %8.1f %9.3f %8.3f%n",
                call,
                c.unsharded().p50Micros(),
                c.unsharded().p99Micros(),
                c.sharded().p50Micros(),
                c.sharded().p99Micros(),
                c.p50Ratio(),
                c.p99Ratio());
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf("%-40s %s%n", label, value);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toNanos() / 1e9);
    }

    private static double perItemMillis(Duration duration, int items) {
        return items == 0 ? 0 : duration.toNanos() / 1e6 / items;
    }
}
