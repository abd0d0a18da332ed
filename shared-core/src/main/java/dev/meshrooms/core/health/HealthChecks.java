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

    /** A durable job this long past its time and not taken by any worker means no worker runs. */
    static final java.time.Duration OVERDUE = java.time.Duration.ofMinutes(5);

    /**
     * The checks by name: {@code database}, {@code store}, {@code scheduler} (the durable jobs: down when one waits
     * more than {@link #OVERDUE} past its time and none ran in that time), and {@code shard-server-N} for each further
     * server.
     */
    public Map<String, Check> run() {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("database", check(() -> database(null)));
        checks.put("store", check(() -> {
            store.ping();
            return "reachable";
        }));
        checks.put("scheduler", check(this::scheduler));
        int n = 1;
        for (DatabaseServer server : pools.placements()) {
            if (!server.url().equals(pools.globalServer().url())) {
                checks.put("shard-server-" + n++, check(() -> database(server.url())));
            }
        }
        return checks;
    }

    private String scheduler() {
        return Transactions.inTransaction(pools.global(), c -> {
            try (var st = c.prepareStatement("SELECT count(*) FILTER (WHERE picked),"
                    + " count(*) FILTER (WHERE NOT picked AND execution_time < now() - ?::interval),"
                    + " count(*) FILTER (WHERE NOT picked), min(execution_time) FILTER (WHERE NOT picked),"
                    + " coalesce(max(greatest(last_success, last_failure, last_heartbeat)) > now() - ?::interval, false)"
                    + " FROM mesh.scheduled_tasks")) {
                st.setString(1, OVERDUE.toSeconds() + " seconds");
                st.setString(2, OVERDUE.toSeconds() + " seconds");
                try (var rs = st.executeQuery()) {
                    rs.next();
                    long running = rs.getLong(1);
                    long overdue = rs.getLong(2);
                    long waiting = rs.getLong(3);
                    var next = rs.getTimestamp(4);
                    // a worker that runs finishes its short recurring jobs every few seconds: late jobs beside that are
                    // a busy worker (or tasks no build here knows), not a missing one
                    boolean workerSeen = rs.getBoolean(5);
                    if (overdue > 0 && !workerSeen) {
                        throw new IllegalStateException(overdue + " durable jobs are more than " + OVERDUE.toMinutes()
                                + " minutes past their time and no job ran in that time: no job worker takes them;"
                                + " check that a Mesh server runs against this database and read its log");
                    }
                    return running + " running, " + waiting + " waiting"
                            + (overdue > 0 ? " (" + overdue + " past their time: the worker is busy)" : "")
                            + (next == null
                                    ? ""
                                    : ", the next at "
                                            + next.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
                }
            }
        });
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
