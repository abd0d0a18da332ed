package dev.meshrooms.core.move;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;

/** Where a durable job stands: running (or to be resumed), or finished either way. Stored as {@link #dbValue()}. */
public enum JobState {
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String dbValue;

    JobState(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static JobState fromDb(String value) {
        for (JobState s : values()) {
            if (s.dbValue.equals(value)) {
                return s;
            }
        }
        throw new MeshException(
                ErrorCode.INTERNAL,
                "the database holds a move job state this build does not know: " + value
                        + " (written by a newer Mesh?)");
    }

    @Override
    public String toString() {
        return dbValue;
    }
}
