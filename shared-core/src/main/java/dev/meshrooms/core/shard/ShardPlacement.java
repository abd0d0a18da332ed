package dev.meshrooms.core.shard;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.routing.DatabaseServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Chooses the server a new shard goes to: among the configured shard servers (SHARD_PG_URL_BASE), the one holding the
 * fewest room schemas, on a tie the one whose room schemas take the fewest bytes, on a tie the first configured. With
 * no shard server configured, shards go to the global server. Counts come from each server's own catalog, so rooms
 * made by any path are counted; shards being provisioned right now count too, so parallel provisioning spreads. A
 * shard being provisioned counts once: by its reservation, whether or not its schema has been committed yet.
 */
public final class ShardPlacement {
    /**
     * Room schemas (but those given, whose shards are counted by their reservations) and the bytes of all; a table
     * another transaction holds exclusively (a fresh shard being loaded, which empties its tables first) is left out
     * of the bytes rather than waited for, as measuring it would wait for the whole load.
     */
    private static final String LOAD_SQL =
            "SELECT count(*) FILTER (WHERE n.nspname <> ALL (?)), coalesce(sum((SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)"
                    + " FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'm')"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.relation = c.oid"
                    + " AND l.mode = 'AccessExclusiveLock' AND l.granted))), 0)"
                    + " FROM pg_namespace n WHERE n.nspname ~ '^room_[0-9a-f]{32}$'";

    private final ConnectionPools pools;
    /**
     * Per server (the global one as ""): the schemas of the shards being provisioned there right now, each with the
     * number of reservations holding it (a room's shard is one room however many provisionings hold it).
     */
    private final Map<String, Map<String, Integer>> inFlight = new HashMap<>();

    public ShardPlacement(ConnectionPools pools) {
        this.pools = pools;
    }

    /** The load of one server: room schemas and their bytes. {@code serverUrl} null: the global server. */
    public record ServerLoad(String serverUrl, long rooms, long bytes) {}

    /** The servers shards may go to: the configured shard servers, else the global server (as null). */
    public List<String> candidates() {
        List<String> shardServers = new ArrayList<>();
        for (DatabaseServer server : pools.placements()) {
            if (!server.url().equals(pools.globalServer().url())) {
                shardServers.add(server.url());
            }
        }
        if (shardServers.isEmpty()) {
            shardServers.add(null);
        }
        return shardServers;
    }

    /** Every candidate's committed load now, in configuration order. */
    public List<ServerLoad> loads() {
        return loads(Map.of());
    }

    /** Every candidate's load, a server's room schemas in {@code leftOut} (by server key) not counted as rooms. */
    private List<ServerLoad> loads(Map<String, Map<String, Integer>> leftOut) {
        List<ServerLoad> loads = new ArrayList<>();
        for (String url : candidates()) {
            Set<String> schemas = leftOut.getOrDefault(key(url), Map.of()).keySet();
            loads.add(Transactions.inTransaction(pools.forServer(url), c -> {
                try (PreparedStatement st = c.prepareStatement(LOAD_SQL)) {
                    st.setArray(1, c.createArrayOf("text", schemas.toArray()));
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        return new ServerLoad(url, rs.getLong(1), rs.getLong(2));
                    }
                }
            }));
        }
        return loads;
    }

    /**
     * Every candidate's load as the next choice sees it: committed room schemas plus the shards being provisioned
     * there, each of those counted once, whether or not its schema has been committed yet.
     */
    public synchronized List<ServerLoad> loadsCountingReserved() {
        return loads(inFlight).stream()
                .map(l -> new ServerLoad(
                        l.serverUrl(),
                        l.rooms()
                                + inFlight.getOrDefault(key(l.serverUrl()), Map.of())
                                        .size(),
                        l.bytes()))
                .toList();
    }

    /** Picks a server for a room and holds its place until the returned reservation is closed. */
    public synchronized Reservation choose(UUID roomId) {
        ServerLoad best = loadsCountingReserved().stream()
                .min(Comparator.comparingLong(ServerLoad::rooms).thenComparingLong(ServerLoad::bytes))
                .orElseThrow();
        return at(best.serverUrl(), roomId);
    }

    /** Holds a place on a server already decided on (a resumed provisioning). */
    public synchronized Reservation at(String serverUrl, UUID roomId) {
        String schema = RoomIds.shardSchema(roomId);
        inFlight.computeIfAbsent(key(serverUrl), k -> new HashMap<>()).merge(schema, 1, Integer::sum);
        return new Reservation(serverUrl, schema);
    }

    private synchronized void release(String serverUrl, String schema) {
        inFlight.computeIfPresent(key(serverUrl), (k, schemas) -> {
            schemas.computeIfPresent(schema, (name, holders) -> holders > 1 ? holders - 1 : null);
            return schemas.isEmpty() ? null : schemas;
        });
    }

    private static String key(String serverUrl) {
        return Objects.requireNonNullElse(serverUrl, "");
    }

    /** A place held on a server while its schema is being created. */
    public final class Reservation implements AutoCloseable {
        private final String serverUrl;
        private final String schema;
        private boolean released;

        private Reservation(String serverUrl, String schema) {
            this.serverUrl = serverUrl;
            this.schema = schema;
        }

        public String serverUrl() {
            return serverUrl;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(serverUrl, schema);
            }
        }
    }
}
