package dev.meshrooms.bench;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.util.List;

/**
 * The routing benchmark: fetchMessages latency of an unsharded vs a sharded room holding the same messages, and the
 * connections open after touching many rooms (half sharded). Runs the real core on the test fixtures (embedded
 * PostgreSQL 15, in-process S3). Run it with {@code ./bench [rooms]} or {@code ./mvnw -Pbench -pl shared-core -am verify
 * -DskipTests}; options are listed in {@link BenchOptions}.
 */
public final class RoutingBench {
    static final double RATIO_GOAL = 1.1;

    private RoutingBench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        System.out.println(
                "Routing benchmark, " + options + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        try (MeshCore mesh = TestMesh.start(TestPostgres.newDatabase(), List.of(), options.poolSize())) {
            System.out.printf(
                    "%nfetchMessages latency: sending %,d messages into each of two rooms...%n", options.messages());
            FetchLatencyBench.Result latency = new FetchLatencyBench(mesh, options).run();
            System.out.printf(
                    "%nConnections: provisioning %,d rooms on %d threads...%n", options.rooms(), options.threads());
            RoomFanoutBench.Result fanout = new RoomFanoutBench(mesh, options).run();
            BenchReport.print(System.out, options, latency, fanout);
            SummaryFile.round(
                    "fetch-shard",
                    "fetchMessages page on a shard vs the same room unsharded, p50",
                    "the same room unsharded",
                    "<= " + RATIO_GOAL,
                    latency.page().p50Ratio(),
                    String.format(
                            "p50 %.0f us vs %.0f us",
                            latency.page().sharded().p50Micros(),
                            latency.page().unsharded().p50Micros()));
            try (java.sql.Connection c = mesh.internals().pools().global().getConnection()) {
                SummaryFile.database("routing (embedded PostgreSQL)", SummaryFile.settings(c));
            }
        }
        // the embedded servers keep non-daemon threads; the shutdown hooks stop them
        System.exit(0);
    }
}
