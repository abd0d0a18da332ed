package dev.meshrooms.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this process when tables of the global schema change, whoever changed them: this server, another server of
 * the same cloud, or the command line. Triggers on the tables ({@code V8__change_notifications.sql}) send the table's
 * name on the channel {@value #CHANNEL} when a transaction that changed it commits; one connection per process
 * listens. What a process keeps in memory about those tables ({@link NotifiedCache}) is dropped when they change.
 *
 * <p>While the feed is not listening (not yet connected, its first heartbeat not back yet, connection lost, or
 * {@link #none()}), nothing may be kept: every {@link Table#stamp()} taken then is stale at once, and every change
 * missed in that time is covered because everything is dropped when listening starts again.
 */
public final class ChangeFeed implements AutoCloseable {
    public static final String CHANNEL = "mesh_changes";
    /** The application name of its connection, held apart from the pools while the feed runs. */
    public static final String APPLICATION_NAME = "mesh-changes";

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** How often the connection is checked to deliver (a dead one delivers nothing and says nothing). */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private static final long FIRST_RETRY_MILLIS = 250;
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    /** Opens a new connection to the global database (not a pooled one: it is held as long as the feed runs). */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** One table's changes: a counter that moves at every change and every gap in listening. */
    public final class Table {
        private final AtomicLong version = new AtomicLong();
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        private Table() {}

        /** The table's version now, or -1 when the feed does not listen (then nothing read now may be kept). */
        public long stamp() {
            return listening ? version.get() : -1;
        }

        /** True if nothing changed in the table since {@code stamp} was taken, and the feed listened throughout. */
        public boolean unchangedSince(long stamp) {
            return stamp >= 0 && listening && version.get() == stamp;
        }

        /** Runs {@code listener} after every change of the table (on the feed's thread; keep it short). */
        public void onChange(Runnable listener) {
            listeners.add(listener);
        }

        /** Counts a change and drops what is kept (the feed's notification, or this process's own change). */
        void changed() {
            version.incrementAndGet();
            listeners.forEach(Runnable::run);
        }
    }

    private final ConnectionSource source;
    /** The pause before connecting again (the feed's thread only). */
    private long retryMillis = FIRST_RETRY_MILLIS;

    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean listening;
    private volatile boolean closed;
    private volatile Connection connection;

    private ChangeFeed(ConnectionSource source) {
        this.source = source;
        this.thread = source == null ? null : new Thread(this::run, "mesh-change-feed");
        if (thread != null) {
            thread.setDaemon(true);
        }
    }

    /** Starts listening on a connection of its own; {@link #close()} stops. */
    public static ChangeFeed listen(ConnectionSource source) {
        ChangeFeed feed = new ChangeFeed(source);
        feed.thread.start();
        return feed;
    }

    /** A feed that never listens: nothing is ever kept (tools and tests that build parts of the core alone). */
    public static ChangeFeed none() {
        return new ChangeFeed(null);
    }

    /** The changes of table {@code name} of the global schema (its name without the schema). */
    public Table table(String name) {
        return tables.computeIfAbsent(name, n -> new Table());
    }

    public boolean listening() {
        return listening;
    }

    private void run() {
        while (!closed) {
            try (Connection c = source.open()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                poll(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warn(
                        "Listening for changes of tokens and users stopped ({}); nothing is kept in memory"
                                + " until it listens again, in {} ms.",
                        e.getMessage(),
                        retryMillis);
            } finally {
                listening = false;
                connection = null;
                tables.values().forEach(Table::changed);
            }
            sleep(retryMillis);
            retryMillis = Math.min(retryMillis * 2, RETRY_MAX.toMillis());
        }
    }

    /**
     * Delivers notifications until the feed closes. It sends itself a heartbeat on the channel at once and every
     * {@link #CHECK_EVERY}, and expects each back before the next: the feed counts as listening only from the first
     * one's return, and a dead connection, or a pooler in transaction mode that never delivers notifications, ends
     * listening instead of leaving what is kept in memory unchecked.
     */
    private void poll(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        String self = "heartbeat " + UUID.randomUUID() + " ";
        long beats = 0;
        String awaited = beat(c, self + ++beats);
        long lastBeat = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    if (n.getParameter().equals(awaited)) {
                        awaited = null;
                        if (!listening) {
                            // whatever changed while nobody listened: drop it all, then keep again
                            tables.values().forEach(Table::changed);
                            listening = true;
                            retryMillis = FIRST_RETRY_MILLIS;
                            LOG.debug("listening for changes on {}", CHANNEL);
                        }
                        continue;
                    }
                    Table table = tables.get(n.getParameter());
                    if (table != null) {
                        table.changed();
                    }
                }
            }
            if (System.nanoTime() - lastBeat > CHECK_EVERY.toNanos()) {
                if (awaited != null) {
                    throw new SQLException("its own heartbeat did not come back within " + CHECK_EVERY.toSeconds()
                            + " s (a dead connection, or a pooler that does not pass notifications on)");
                }
                awaited = beat(c, self + ++beats);
                lastBeat = System.nanoTime();
            }
        }
    }

    private static String beat(Connection c, String payload) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, CHANNEL);
            st.setString(2, payload);
            st.execute();
        }
        return payload;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
