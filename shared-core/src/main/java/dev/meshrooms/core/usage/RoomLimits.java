package dev.meshrooms.core.usage;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.model.Room;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The free tier, held in one place for every path that would make a room bigger or give it a shard (HTTP, CLI,
 * desktop, moves, imports): a room with its own shard and no billing link may use {@link FreeTier#bytes()} of rows and
 * media for its first {@link FreeTier#days()} with the shard; beyond either it is over its limit. Over its limit,
 * new media, imports into a new shard and decentralising are refused before any work starts (402, with the figures
 * and what to do); text messages always go through — a conversation never breaks. Where the instance does not enforce
 * the free tier (it bills nobody), every room is within it.
 */
public final class RoomLimits {
    private static final double GB = 1024.0 * 1024 * 1024;
    private final DataSource global;
    private final UsageHistory history;
    private final FreeTier tier;

    public RoomLimits(DataSource global, UsageHistory history, FreeTier tier) {
        this.global = global;
        this.history = history;
        this.tier = tier;
    }

    /** Where a room stands, from its latest usage sample. */
    public record Standing(
            LimitState state,
            boolean enforced,
            boolean billed,
            boolean sharded,
            long storageBytes,
            long limitBytes,
            double shardDays,
            int limitDays) {

        /** What a page or an error says about it: the figures, and what still works. */
        public String sentence() {
            String figures = String.format(
                    Locale.ROOT,
                    "%s of %s, day %.0f of %d with its own shard",
                    ByteSizes.human(storageBytes),
                    ByteSizes.human(limitBytes),
                    Math.floor(shardDays) + 1,
                    limitDays);
            return switch (state) {
                case OVER ->
                    "This room is over its free tier (" + figures + "). Messages still work; new files,"
                            + " imports and moves are paused until its admin adds billing or re-centralises it.";
                case NEAR -> "This room is near the end of its free tier (" + figures + ").";
                case WITHIN -> "Within its free tier (" + figures + ").";
            };
        }
    }

    public FreeTier tier() {
        return tier;
    }

    public Standing of(Room room) {
        if (!tier.enforced() || !room.isSharded()) {
            return of(room, null, false); // nobody is held to the tier here, or no shard of its own: nothing to read
        }
        return of(room, history.latestOf(room.id()), billed(room.id()));
    }

    /** Where a room stands, from a sample and a billing link already read (a list of many rooms reads them at once). */
    public Standing of(Room room, UsageSample latest, boolean billed) {
        if (!tier.enforced() || !room.isSharded()) {
            return new Standing(
                    LimitState.WITHIN, tier.enforced(), false, room.isSharded(), 0, tier.bytes(), 0, tier.days());
        }
        long storage = latest == null ? 0 : latest.storageBytes();
        double days = latest == null ? 0 : latest.shardSeconds() / 86_400.0;
        LimitState state = state(latest, billed, room.isSharded());
        return new Standing(state, tier.enforced(), billed, room.isSharded(), storage, tier.bytes(), days, tier.days());
    }

    /** Where a room stands from its latest sample (null: none yet), whether it pays, and whether it has a shard. */
    public LimitState state(UsageSample latest, boolean billed, boolean sharded) {
        if (!tier.enforced() || billed || !sharded || latest == null) {
            return LimitState.WITHIN;
        }
        long storage = latest.storageBytes();
        double days = latest.shardSeconds() / 86_400.0;
        if (storage > tier.bytes() || days > tier.days()) {
            return LimitState.OVER;
        }
        if (storage >= tier.bytes() * FreeTier.WARN_AT || days >= tier.days() - FreeTier.WARN_DAYS) {
            return LimitState.NEAR;
        }
        return LimitState.WITHIN;
    }

    /** The rooms with a payer, in one read (for the limit state of every room at once). */
    public java.util.Set<UUID> billedRooms() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                            "SELECT id FROM mesh.rooms WHERE billing_subscription IS NOT NULL AND billing_error IS NULL");
                    ResultSet rs = st.executeQuery()) {
                java.util.Set<UUID> billed = new java.util.HashSet<>();
                while (rs.next()) {
                    billed.add(rs.getObject(1, UUID.class));
                }
                return billed;
            }
        });
    }

    /** Before a file is attached to the room: refused when it is over its limit. */
    public void admitMedia(Room room) {
        refuseIfOver(room, "attaching files");
    }

    /** Before the room is decentralised: refused when it is over its limit or already holds more than the tier. */
    public void admitDecentralise(Room room, long storageBytes) {
        if (!tier.enforced() || billed(room.id())) {
            return;
        }
        if (storageBytes > tier.bytes()) {
            throw new MeshException(
                    ErrorCode.OVER_LIMIT,
                    "Room " + room.slug() + " holds " + ByteSizes.human(storageBytes) + ", more than the "
                            + ByteSizes.human(tier.bytes()) + " a room's own shard may hold without billing: add"
                            + " billing to the room first, or keep it in the shared database.");
        }
        refuseIfOver(room, "decentralising");
    }

    /** Before an import into a new shard of its own: a new room has no billing link, so the tier's bytes hold. */
    public void admitNewShard(String bundleName, long contentBytes) {
        if (tier.enforced() && contentBytes > tier.bytes()) {
            throw new MeshException(
                    ErrorCode.OVER_LIMIT,
                    bundleName + " holds " + ByteSizes.human(contentBytes) + ", more than the "
                            + ByteSizes.human(tier.bytes()) + " a new room's own shard may hold without billing"
                            + String.format(Locale.ROOT, " (%.2f GB)", contentBytes / GB)
                            + ": import it into the shared tables (sharded=false), or ask the instance's admin to"
                            + " link billing first; nothing was imported.");
        }
    }

    private void refuseIfOver(Room room, String what) {
        if (!tier.enforced()) {
            return;
        }
        Standing standing = of(room);
        if (standing.state() == LimitState.OVER) {
            throw new MeshException(
                    ErrorCode.OVER_LIMIT, "Room " + room.slug() + ": " + what + " is paused. " + standing.sentence());
        }
    }

    private boolean billed(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT billing_subscription IS NOT NULL AND billing_error IS NULL FROM mesh.rooms WHERE id = ?")) {
                st.setObject(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }
}
