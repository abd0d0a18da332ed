package dev.meshrooms.core.model;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;

/** A room's state in the directory. Stored as {@link #dbValue()}; the table's check constraint holds the same list. */
public enum RoomState {
    /** In use: read and written where its route says. */
    ACTIVE("active"),
    /** Being imported: not visible until the import commits. */
    IMPORTING("importing"),
    /** Being decentralised or re-centralised; it keeps working meanwhile. */
    MIGRATING("migrating"),
    ARCHIVED("archived");

    private final String dbValue;

    RoomState(String dbValue) {
        this.dbValue = dbValue;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String dbValue() {
        return dbValue;
    }

    public static RoomState fromDb(String value) {
        for (RoomState s : values()) {
            if (s.dbValue.equals(value)) {
                return s;
            }
        }
        throw new MeshException(
                ErrorCode.INTERNAL,
                "the database holds a room state this build does not know: " + value + " (written by a newer Mesh?)");
    }
}
