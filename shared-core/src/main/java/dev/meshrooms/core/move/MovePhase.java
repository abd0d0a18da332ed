package dev.meshrooms.core.move;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;

/**
 * The phases of a room move, in order. A job killed in any of them resumes in the same phase: provisioning is
 * idempotent, copies continue after their last checkpoint, catch-up re-applies changes idempotently, the fence and
 * switch are one transaction each, cleanup deletes what is left. Stored as {@link #dbValue()} (a check constraint
 * holds the list); {@link #label()} is how people read it, in the status stream and the wizard.
 */
public enum MovePhase {
    PROVISION("provision", "Creating the shard…"),
    COPY_ROWS("copy-rows", "Copying messages…"),
    COPY_MEDIA("copy-media", "Copying media…"),
    CATCH_UP("catch-up", "Catching up with new messages…"),
    FENCE("fence", "Switching over…"),
    /** After the routing switch: the room lives at its new place; the old copy waits for deletion. */
    CLEANUP("cleanup", "Cleaning up the old copy…"),
    DONE("done", "Done");

    private final String dbValue;
    private final String label;

    MovePhase(String dbValue, String label) {
        this.dbValue = dbValue;
        this.label = label;
    }

    public String dbValue() {
        return dbValue;
    }

    public String label() {
        return label;
    }

    public static MovePhase fromDb(String value) {
        for (MovePhase p : values()) {
            if (p.dbValue.equals(value)) {
                return p;
            }
        }
        throw new MeshException(
                ErrorCode.INTERNAL,
                "the database holds a move phase this build does not know: " + value + " (written by a newer Mesh?)");
    }

    @Override
    public String toString() {
        return dbValue;
    }
}
