package dev.meshrooms.core.billing;

/**
 * What a room's own shard is billed for, one meter each at the payment provider. Both count whole units per hour
 * (the provider takes whole numbers; a fraction is carried to the next hour, so a month sums to within one unit).
 */
public enum Meter {
    /**
     * Storage, in GB-hours: the shard's rows and media held for an hour. Summed over a billing period it is what the
     * stores bill as GB-months × 730; the price is set per GB-hour, or per GB-month as a package of 730 units.
     */
    SHARD_STORAGE("room-shard-gb"),
    /** Hours the room has had its own database schema (and bucket and key): the shard's fixed cost. */
    SHARD_DB_HOURS("room-shard-db-hours");

    private static final double GB = 1024.0 * 1024 * 1024;
    private final String eventName;

    Meter(String eventName) {
        this.eventName = eventName;
    }

    /** The meter's event name at the provider. */
    public String eventName() {
        return eventName;
    }

    /** This meter's exact amount in one hour of usage, before rounding to whole units. */
    public double amount(MeteredHour hour) {
        return switch (this) {
            case SHARD_STORAGE -> hour.byteHours() / GB;
            case SHARD_DB_HOURS -> hour.shardHours();
        };
    }

    public static Meter ofEventName(String name) {
        for (Meter m : values()) {
            if (m.eventName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no meter named " + name);
    }
}
