package dev.meshrooms.bench;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Connections with many rooms: provisions rooms (half of them born sharded, each into a schema and role of its own on
 * the global server), touches each once in random order with {@code countMessages()}, then counts the connections
 * PostgreSQL has open to the database.
 */
final class RoomFanoutBench {
    private final MeshCore mesh;
    private final BenchOptions options;

    record Result(
            int unsharded,
            int sharded,
            int threads,
            Duration unshardedProvisioning,
            Duration shardProvisioning,
            Duration touching,
            long messagesCounted,
            ConnectionSampler.Sample after,
            ConnectionSampler.Sample peak,
            int poolMax,
            int poolsCreated,
            int openShardPools) {
        int rooms() {
            return unsharded + sharded;
        }
    }

    RoomFanoutBench(MeshCore mesh, BenchOptions options) {
        this.mesh = mesh;
        this.options = options;
    }

    Result run() throws Exception {
        User owner = mesh.users().create("fanout-owner", "Fan-out owner");
        int sharded = options.rooms() / 2;
        int unsharded = options.rooms() - sharded;
        List<UUID> ids = Collections.synchronizedList(new ArrayList<>(options.rooms()));
        try (ConnectionSampler connections = ConnectionSampler.start(databaseName(), 100)) {
            Duration plainTime = Parallel.run(
                    "unsharded rooms",
                    unsharded,
                    options.threads(),
                    i -> ids.add(mesh.roomService()
                            .create(spec("plain", i), owner.id())
                            .id()));
            Duration shardTime = Parallel.run(
                    "sharded rooms",
                    sharded,
                    options.threads(),
                    i -> ids.add(mesh.shardedRooms()
                            .create(spec("shard", i), owner.id(), null)
                            .id()));
            List<UUID> order = new ArrayList<>(ids);
            Collections.shuffle(order, new Random(7));
            long[] counted = new long[order.size()];
            Duration touchTime = Parallel.run(
                    "touched",
                    order.size(),
                    options.threads(),
                    i -> counted[i] =
                            mesh.internals().stores().forRoom(order.get(i)).countMessages());
            ConnectionSampler.Sample after = connections.current();
            return new Result(
                    unsharded,
                    sharded,
                    options.threads(),
                    plainTime,
                    shardTime,
                    touchTime,
                    Arrays.stream(counted).sum(),
                    after,
                    connections.peak(),
                    mesh.internals().pools().maxPoolSize(),
                    mesh.internals().pools().poolsCreated(),
                    mesh.internals().pools().openShardPools());
        }
    }

    private static NewRoom spec(String kind, int i) {
        return new NewRoom(String.format("fanout-%s-%05d", kind, i), "Fan-out " + kind + " " + i, Visibility.PUBLIC);
    }

    /** The database name in the global server's JDBC URL. */
    private String databaseName() {
        String url = mesh.internals().pools().globalServer().url();
        String path = url.substring(url.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
