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
        }
        // the embedded servers keep non-daemon threads; the shutdown hooks stop them
        System.exit(0);
    }
}
