package dev.meshrooms.core.usage;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.MeshException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** The recorded samples ({@code usage_samples}): written by the sampler, read by the usage API and pages. */
public final class UsageHistory {
    /** Samples one answer may hold: 100 days of 15-minute samples. */
    public static final int MAX_SAMPLES = 10_000;

    private static final String COLUMNS =
            "room_id, sampled_at, sharded, media_bytes, media_objects, db_bytes, messages, shard_seconds";
    private final DataSource global;

    public UsageHistory(DataSource global) {
        this.global = global;
    }

    /** Records a run's samples and removes those older than {@code keepFrom}, in one transaction. */
    public void record(List<UsageSample> samples, Instant keepFrom) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.usage_samples (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, sampled_at) DO NOTHING")) {
                int batch = 0;
                for (UsageSample s : samples) {
                    st.setObject(1, s.roomId());
                    st.setTimestamp(2, Timestamp.from(s.sampledAt()));
                    st.setBoolean(3, s.sharded());
                    st.setLong(4, s.mediaBytes());
                    st.setLong(5, s.mediaObjects());
                    st.setLong(6, s.dbBytes());
                    st.setLong(7, s.messages());
                    st.setLong(8, s.shardSeconds());
                    st.addBatch();
                    if (++batch == 1000) {
                        st.executeBatch();
                        batch = 0;
                    }
                }
                if (batch > 0) {
                    st.executeBatch();
                }
            }
            try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.usage_samples WHERE sampled_at < ?")) {
                st.setTimestamp(1, Timestamp.from(keepFrom));
                st.executeUpdate();
            }
            return null;
        });
    }

    /** Every room's newest sample, by room. */
    public Map<UUID, UsageSample> latestByRoom() {
        Map<UUID, UsageSample> latest = new HashMap<>();
        latest().forEach(s -> latest.put(s.roomId(), s));
        return latest;
    }

    /** Every room's newest sample (rooms removed since keep their last one until the retention ends). */
    public List<UsageSample> latest() {
        return Transactions.inTransaction(global, c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DISTINCT ON (room_id) " + COLUMNS
                            + " FROM mesh.usage_samples ORDER BY room_id, sampled_at DESC")) {
                List<UsageSample> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(read(rs));
                }
                return found;
            }
        });
    }

    /** A room's newest sample, or null before its first. */
    public UsageSample latestOf(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM mesh.usage_samples WHERE room_id = ? ORDER BY sampled_at DESC LIMIT 1")) {
                st.setObject(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? read(rs) : null;
                }
            }
        });
    }

    /** A room's samples from {@code from} (inclusive) to {@code to} (exclusive), oldest first. */
    public List<UsageSample> of(UUID roomId, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw MeshException.invalid("from", "must be before to (" + from + " is not before " + to + ")");
        }
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM mesh.usage_samples"
                    + " WHERE room_id = ? AND sampled_at >= ? AND sampled_at < ? ORDER BY sampled_at LIMIT ?")) {
                st.setObject(1, roomId);
                st.setTimestamp(2, Timestamp.from(from));
                st.setTimestamp(3, Timestamp.from(to));
                st.setInt(4, MAX_SAMPLES + 1);
                List<UsageSample> found = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        found.add(read(rs));
                    }
                }
                if (found.size() > MAX_SAMPLES) {
                    throw MeshException.invalid(
                            "from",
                            "the range holds more than " + MAX_SAMPLES + " samples; ask for a shorter one (at most "
                                    + Duration.ofMinutes(15L * MAX_SAMPLES).toDays() + " days of 15-minute samples)");
                }
                return found;
            }
        });
    }

    /**
     * A room's samples from the one in force at {@code from} (its last at or before it) on, oldest first, at most
     * {@code limit}: what metering reads to know the hours after {@code from}.
     */
    public List<UsageSample> since(UUID roomId, Instant from, int limit) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM mesh.usage_samples"
                    + " WHERE room_id = ? AND sampled_at >= coalesce((SELECT max(sampled_at) FROM mesh.usage_samples"
                    + " WHERE room_id = ? AND sampled_at <= ?), ?) ORDER BY sampled_at LIMIT ?")) {
                st.setObject(1, roomId);
                st.setObject(2, roomId);
                st.setTimestamp(3, Timestamp.from(from));
                st.setTimestamp(4, Timestamp.from(from));
                st.setInt(5, limit);
                List<UsageSample> found = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        found.add(read(rs));
                    }
                }
                return found;
            }
        });
    }

    /** A room's largest storage (rows and media) on one day (UTC). */
    public record Day(Instant day, long storageBytes) {}

    /** Each of these rooms' largest storage per day since {@code from}, oldest first: small charts of many rooms. */
    public Map<UUID, List<Day>> dailyStorage(java.util.Collection<UUID> roomIds, Instant from) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT room_id, date_trunc('day', sampled_at, 'UTC'),"
                    + " max(media_bytes + db_bytes) FROM mesh.usage_samples WHERE room_id = ANY (?) AND sampled_at >= ?"
                    + " GROUP BY 1, 2 ORDER BY 1, 2")) {
                st.setArray(1, c.createArrayOf("uuid", roomIds.toArray()));
                st.setTimestamp(2, Timestamp.from(from));
                Map<UUID, List<Day>> days = new HashMap<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        days.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new Day(rs.getTimestamp(2).toInstant(), rs.getLong(3)));
                    }
                }
                return days;
            }
        });
    }

    private static UsageSample read(ResultSet rs) throws SQLException {
        return new UsageSample(
                rs.getObject(1, UUID.class),
                rs.getTimestamp(2).toInstant(),
                rs.getBoolean(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8));
    }
}
