package dev.meshrooms.core.db;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/** What the durable jobs' tables share: one row's update by id, with its {@code updated_at}. */
public final class JobRows {
    private JobRows() {}

    /**
     * {@code UPDATE <table> SET <set>, updated_at = now() WHERE id = ?} in a transaction of its own; {@code table} and
     * {@code set} are the caller's constants, {@code values} fill the set's placeholders.
     */
    public static void update(DataSource db, String table, UUID id, String set, Object... values) {
        Transactions.inTransaction(db, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE " + table + " SET " + set + ", updated_at = now() WHERE id = ?")) {
                int i = 1;
                for (Object v : values) {
                    st.setObject(i++, v);
                }
                st.setObject(i, id);
                st.executeUpdate();
            }
            return null;
        });
    }

    public static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
