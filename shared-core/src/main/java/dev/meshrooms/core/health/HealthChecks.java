package dev.meshrooms.core.health;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.routing.DatabaseServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Whether what the core runs on answers: the global database (its version and the durability settings it runs
 * with), every configured shard server, and the object store. Each check is one short call; a failure is reported
 * with its message, never thrown.
 */
public final class HealthChecks {
    private final ConnectionPools pools;
    private final MediaStore store;

    /** One check: up or down, and what it found. */
    public record Check(String status, String detail) {
        public boolean up() {
            return "up".equals(status);
        }
    }

    public HealthChecks(ConnectionPools pools, MediaStore store) {
        this.pools = pools;
        this.store = store;
    }

    /** The checks by name: {@code database}, {@code store}, and {@code shard-server-N} for each further server. */
    public Map<String, Check> run() {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("database", check(() -> database(null)));
        checks.put("store", check(() -> {
            store.ping();
            return "reachable";
        }));
        int n = 1;
        for (DatabaseServer server : pools.placements()) {
            if (!server.url().equals(pools.globalServer().url())) {
                checks.put("shard-server-" + n++, check(() -> database(server.url())));
            }
        }
        return checks;
    }

    private String database(String serverUrl) {
        return Transactions.inTransaction(serverUrl == null ? pools.global() : pools.forServer(serverUrl), c -> {
            try (var st = c.createStatement();
                    var rs = st.executeQuery(
                            "SELECT current_setting('server_version'),"
                                    + " current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
                rs.next();
                return "PostgreSQL " + rs.getString(1) + " (fsync=" + rs.getString(2) + ", synchronous_commit="
                        + rs.getString(3) + ", full_page_writes=" + rs.getString(4) + ")";
            }
        });
    }

    private static Check check(Callable<String> probe) {
        try {
            return new Check("up", probe.call());
        } catch (Exception e) {
            return new Check("down", e.getMessage());
        }
    }
}
