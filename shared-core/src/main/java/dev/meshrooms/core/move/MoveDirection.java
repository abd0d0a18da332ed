package dev.meshrooms.core.move;

/** Which way a room moves: into a shard of its own, or back into the global schema and bucket. */
public enum MoveDirection {
    DECENTRALISE("decentralise"),
    RECENTRALISE("recentralise");

    private final String dbValue;

    MoveDirection(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static MoveDirection fromDb(String value) {
        for (MoveDirection d : values()) {
            if (d.dbValue.equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown move direction " + value);
    }
}
