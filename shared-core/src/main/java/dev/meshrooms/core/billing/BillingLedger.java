package dev.meshrooms.core.billing;

import dev.meshrooms.core.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Billing's records in the global database: which rooms pay and through whom, what has been reported per room and
 * meter (the watermarks), the Checkout sessions this instance started and the provider events it has handled.
 */
public final class BillingLedger {
    private final DataSource global;

    public BillingLedger(DataSource global) {
        this.global = global;
    }

    /** A room with a payer: reported for unless a permanent error stopped it. */
    public record BilledRoom(UUID roomId, String slug, String customer, String subscription, Instant linkedAt) {}

    /** Where reporting of one room's meter stands: every hour before {@code until} has been sent. */
    public record Watermark(Instant until, double carry) {}

    /** A room's link to its payer, as the admin pages show it. */
    public record Link(
            String customer, String subscription, String status, Instant linkedAt, String error, Instant errorAt) {
        public boolean active() {
            return subscription != null;
        }
    }

    /** A Checkout session this instance started for a room. */
    public record PendingCheckout(String sessionId, UUID roomId, String customer, Instant completedAt) {}

    /** Rooms with a subscription and no permanent reporting error, by customer then room. */
    public List<BilledRoom> billedRooms() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, slug, billing_customer, billing_subscription,"
                            + " coalesce(billing_linked_at, now()) FROM mesh.rooms WHERE billing_customer IS NOT NULL"
                            + " AND billing_subscription IS NOT NULL AND billing_error IS NULL"
                            + " ORDER BY billing_customer, id");
                    ResultSet rs = st.executeQuery()) {
                List<BilledRoom> rooms = new ArrayList<>();
                while (rs.next()) {
                    rooms.add(new BilledRoom(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
                return rooms;
            }
        });
    }

    /** The room's link to its payer (all fields null when it has none). */
    public Link link(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("SELECT " + LINK_COLUMNS + " FROM mesh.rooms WHERE id = ?")) {
                st.setObject(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return new Link(null, null, null, null, null, null);
                    }
                    return readLink(rs);
                }
            }
        });
    }

    /**
     * The watermark of a room's meter under its subscription, made at {@code start} (no carry) if there is none yet;
     * empty when the room's subscription is no longer this one (a new link starts its own watermark).
     */
    public Optional<Watermark> watermark(UUID roomId, Meter meter, String subscription, Instant start) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.billing_watermarks"
                    + " (room_id, meter, subscription, reported_until) SELECT id, ?, ?, ? FROM mesh.rooms"
                    + " WHERE id = ? AND billing_subscription = ? ON CONFLICT (room_id, meter) DO NOTHING")) {
                st.setString(1, meter.eventName());
                st.setString(2, subscription);
                st.setTimestamp(3, Timestamp.from(start));
                st.setObject(4, roomId);
                st.setString(5, subscription);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("SELECT reported_until, carry FROM mesh.billing_watermarks"
                    + " WHERE room_id = ? AND meter = ? AND subscription = ?")) {
                st.setObject(1, roomId);
                st.setString(2, meter.eventName());
                st.setString(3, subscription);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Watermark(rs.getTimestamp(1).toInstant(), rs.getDouble(2)))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Moves a watermark from {@code from} to {@code to}; false when it is no longer at {@code from} under this
     * subscription (another reporter moved it, or the room has a new link: this one stops for the room).
     */
    public boolean advance(UUID roomId, Meter meter, String subscription, Watermark from, Watermark to) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.billing_watermarks SET reported_until = ?,"
                    + " carry = ?, updated_at = now() WHERE room_id = ? AND meter = ? AND subscription = ?"
                    + " AND reported_until = ?")) {
                st.setTimestamp(1, Timestamp.from(to.until()));
                st.setDouble(2, to.carry());
                st.setObject(3, roomId);
                st.setString(4, meter.eventName());
                st.setString(5, subscription);
                st.setTimestamp(6, Timestamp.from(from.until()));
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Stops reporting for a room until its link is renewed: the provider refused its events. */
    public void markError(UUID roomId, String error, Instant at) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE mesh.rooms SET billing_error = ?, billing_error_at = ? WHERE id = ?")) {
                st.setString(1, error);
                st.setTimestamp(2, Timestamp.from(at));
                st.setObject(3, roomId);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** Permanent reporting errors by room, for the instance admin's usage page. */
    public java.util.Map<UUID, String> errors() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                            "SELECT id, billing_error FROM mesh.rooms WHERE billing_error IS NOT NULL");
                    ResultSet rs = st.executeQuery()) {
                java.util.Map<UUID, String> errors = new java.util.HashMap<>();
                while (rs.next()) {
                    errors.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
                return errors;
            }
        });
    }

    /** Records a Checkout session started for a room. */
    public void recordCheckout(String sessionId, UUID roomId, String customer, UUID createdBy) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.billing_checkouts"
                    + " (session_id, room_id, customer, created_by) VALUES (?, ?, ?, ?)")) {
                st.setString(1, sessionId);
                st.setObject(2, roomId);
                st.setString(3, customer);
                st.setObject(4, createdBy);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** Whether this provider event was handled already (a quick look before any work; the claim decides). */
    public boolean handled(String eventId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM mesh.billing_events WHERE event_id = ?")) {
                st.setString(1, eventId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** A Checkout session this instance started, read without a lock. */
    public Optional<PendingCheckout> checkout(String sessionId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT session_id, room_id, customer, completed_at"
                    + " FROM mesh.billing_checkouts WHERE session_id = ?")) {
                st.setString(1, sessionId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new PendingCheckout(
                                    rs.getString(1),
                                    rs.getObject(2, UUID.class),
                                    rs.getString(3),
                                    instant(rs.getTimestamp(4))))
                            : Optional.empty();
                }
            }
        });
    }

    /** Forgets handled provider events received before a moment (they are past the provider's redelivery). */
    public int forgetEventsBefore(Instant before) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.billing_events WHERE received_at < ?")) {
                st.setTimestamp(1, Timestamp.from(before));
                return st.executeUpdate();
            }
        });
    }

    /** Checkout sessions started for a room since a moment. */
    public int checkoutsSince(UUID roomId, Instant since) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT count(*) FROM mesh.billing_checkouts WHERE room_id = ? AND created_at >= ?")) {
                st.setObject(1, roomId);
                st.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** The customer made for the room's last Checkout, if any (a second click reuses it). */
    public Optional<String> lastCustomer(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT customer FROM mesh.billing_checkouts"
                    + " WHERE room_id = ? ORDER BY created_at DESC LIMIT 1")) {
                st.setObject(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    void completeCheckout(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE mesh.billing_checkouts SET completed_at = now() WHERE session_id = ?")) {
            st.setString(1, sessionId);
            st.executeUpdate();
        }
    }

    /**
     * Claims a provider event for this transaction: false when it was handled before (or is being handled: the
     * claim waits for that transaction, then sees it).
     */
    boolean claimEvent(Connection c, String eventId, String type) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.billing_events (event_id, type)"
                + " VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING")) {
            st.setString(1, eventId);
            st.setString(2, type);
            return st.executeUpdate() == 1;
        }
    }

    /** A room's link, locked for this transaction, with the creation time of the provider event that set it. */
    record LockedLink(Link link, Instant eventAt) {}

    Optional<LockedLink> lockLink(Connection c, UUID roomId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT " + LINK_COLUMNS + ", billing_event_at FROM mesh.rooms WHERE id = ? FOR NO KEY UPDATE")) {
            st.setObject(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LockedLink(readLink(rs), instant(rs.getTimestamp(7))));
            }
        }
    }

    /** Sets a room's link (a new subscription starts metering at {@code linkedAt} and clears an earlier error). */
    void setLink(Connection c, UUID roomId, Link link, Instant eventAt) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE mesh.rooms SET billing_customer = ?,"
                + " billing_subscription = ?, billing_status = ?, billing_linked_at = ?, billing_error = ?,"
                + " billing_error_at = ?, billing_event_at = ? WHERE id = ?")) {
            st.setString(1, link.customer());
            st.setString(2, link.subscription());
            st.setString(3, link.status());
            st.setTimestamp(4, link.linkedAt() == null ? null : Timestamp.from(link.linkedAt()));
            st.setString(5, link.error());
            st.setTimestamp(6, link.errorAt() == null ? null : Timestamp.from(link.errorAt()));
            st.setTimestamp(7, Timestamp.from(eventAt));
            st.setObject(8, roomId);
            st.executeUpdate();
        }
    }

    /** Starts a room's metering afresh (a new subscription reports from its own start, not the old one's watermark). */
    void resetWatermarks(Connection c, UUID roomId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.billing_watermarks WHERE room_id = ?")) {
            st.setObject(1, roomId);
            st.executeUpdate();
        }
    }

    /** Whether this instance started a Checkout for the room with this customer. */
    boolean checkoutFor(Connection c, UUID roomId, String customer) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT 1 FROM mesh.billing_checkouts WHERE room_id = ? AND customer = ? LIMIT 1")) {
            st.setObject(1, roomId);
            st.setString(2, customer);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    DataSource global() {
        return global;
    }

    private static final String LINK_COLUMNS = "billing_customer, billing_subscription, billing_status,"
            + " billing_linked_at, billing_error, billing_error_at";

    /** A {@link Link} from the first six columns ({@link #LINK_COLUMNS}). */
    private static Link readLink(ResultSet rs) throws SQLException {
        return new Link(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                instant(rs.getTimestamp(4)),
                rs.getString(5),
                instant(rs.getTimestamp(6)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
