package dev.meshrooms.core.move;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;

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
        throw new MeshException(
                ErrorCode.INTERNAL,
                "the database holds a move direction this build does not know: " + value
                        + " (written by a newer Mesh?)");
    }
}
