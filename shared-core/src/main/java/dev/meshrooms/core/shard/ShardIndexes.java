package dev.meshrooms.core.shard;

import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.db.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes of a fresh shard's messages table: dropped before a bulk load (decentralise's copy, an import straight
 * into a new shard) and built once after it, by sorting, which is much cheaper than maintaining them row by row (the
 * same definitions and names as db/room V1). The primary key's
 * unique index and the time index are built at the same time on two connections (both take SHARE locks, which do not
 * conflict), each with room to sort in memory; the primary key and the media foreign key are then attached. Rows
 * copied twice would make the unique index fail loudly, never silently. Every step is idempotent (a resumed job).
 */
public final class ShardIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(ShardIndexes.class);
    /** Sort memory per index build; maintenance_work_mem's default (64 MB) spills a 1M-row time index to disk. */
    private static final String SORT_MEMORY = "256MB";

    private final String schema;

    /** @param schema the shard's schema (its name, not quoted) */
    public ShardIndexes(String schema) {
        this.schema = Identifiers.quote(schema);
    }

    public void drop(Connection target) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute("ALTER TABLE " + schema + ".media DROP CONSTRAINT IF EXISTS media_message_id_fkey");
            st.execute("ALTER TABLE " + schema + ".messages DROP CONSTRAINT IF EXISTS messages_pkey");
            st.execute("DROP INDEX IF EXISTS " + schema + ".messages_pkey");
            st.execute("DROP INDEX IF EXISTS " + schema + ".messages_room_time_idx");
        }
    }

    /**
     * Builds them; {@code second} is the pool for the second connection, or null to build one after the other on
     * {@code target} (a pool too small to spare one while the copy holds its own).
     */
    public void build(Connection target, DataSource second) throws SQLException {
        long started = System.nanoTime();
        String timeIndex = timeIndex();
        String idIndex = idIndex();
        if (second == null) {
            sorted(target, idIndex);
            sorted(target, timeIndex);
        } else {
            // a thread of its own: the build blocks on PostgreSQL for seconds (not a job for the common pool)
            CompletableFuture<Void> beside = CompletableFuture.runAsync(
                    () -> {
                        try (Connection c = second.getConnection()) {
                            sorted(c, timeIndex);
                        } catch (SQLException e) {
                            throw new CompletionException(e);
                        }
                    },
                    task -> {
                        Thread thread = new Thread(task, "mesh-shard-index");
                        thread.setDaemon(true);
                        thread.start();
                    });
            try {
                sorted(target, idIndex);
            } finally {
                awaitBeside(beside);
            }
        }
        try (Statement st = target.createStatement()) {
            attachKeys(st);
        }
        LOG.info(
                "built the indexes of {}.messages in {} ms ({})",
                schema,
                (System.nanoTime() - started) / 1_000_000,
                second == null ? "one after the other" : "side by side");
    }

    /**
     * Builds them (one after the other) and takes the tables' statistics inside the transaction open on {@code c},
     * which the caller commits: for a load made in that same transaction, which other connections cannot see yet.
     */
    public void buildInTransaction(Connection c) throws SQLException {
        long started = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL maintenance_work_mem = '" + SORT_MEMORY + "'");
            st.execute("SET LOCAL max_parallel_maintenance_workers = 0");
            st.execute(idIndex());
            st.execute(timeIndex());
            attachKeys(st);
            st.execute("SET LOCAL default_statistics_target = 10");
            st.execute("ANALYZE " + schema + ".messages, " + schema + ".media");
            st.execute("SET LOCAL maintenance_work_mem TO DEFAULT");
            st.execute("SET LOCAL max_parallel_maintenance_workers TO DEFAULT");
            st.execute("SET LOCAL default_statistics_target TO DEFAULT");
        }
        LOG.info(
                "built the indexes of {}.messages in {} ms (in the load's transaction)",
                schema,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Fresh statistics for the shard's tables, or the planner reads them badly (reading a shard back took 33 s without).
     * A small sample (3,000 rows instead of 30,000) is plenty for one room's tables: row counts, the room id, the time
     * order; autovacuum refines them later.
     */
    public void analyze(Connection c) throws SQLException {
        Transactions.withLocalSettings(
                c, "ANALYZE " + schema + ".messages, " + schema + ".media", "default_statistics_target = 10");
    }

    private String idIndex() {
        return "CREATE UNIQUE INDEX IF NOT EXISTS messages_pkey ON " + schema + ".messages (id)";
    }

    private String timeIndex() {
        return "CREATE INDEX IF NOT EXISTS messages_room_time_idx ON " + schema
                + ".messages (room_id, created_at DESC, id DESC)";
    }

    /** The primary key on its built index and the media's foreign key, unless they are there already. */
    private void attachKeys(Statement st) throws SQLException {
        st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'messages_pkey'"
                + " AND conrelid = '" + schema + ".messages'::regclass) THEN ALTER TABLE " + schema + ".messages"
                + " ADD CONSTRAINT messages_pkey PRIMARY KEY USING INDEX messages_pkey; END IF; END $$");
        st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'media_message_id_fkey'"
                + " AND conrelid = '" + schema + ".media'::regclass) THEN ALTER TABLE " + schema + ".media"
                + " ADD CONSTRAINT media_message_id_fkey FOREIGN KEY (message_id) REFERENCES " + schema
                + ".messages (id) ON DELETE CASCADE; END IF; END $$");
    }

    /** One index build in its own transaction, one process sorting in memory (the two builds share the cores). */
    private static void sorted(Connection c, String createIndex) throws SQLException {
        Transactions.withLocalSettings(
                c, createIndex, "maintenance_work_mem = '" + SORT_MEMORY + "'", "max_parallel_maintenance_workers = 0");
    }

    private static void awaitBeside(CompletableFuture<Void> beside) throws SQLException {
        try {
            beside.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }
}
