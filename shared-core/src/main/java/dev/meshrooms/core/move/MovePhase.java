package dev.meshrooms.core.move;

/**
 * The phases of a room move, in order. A job killed in any of them resumes in the same phase: provisioning is
 * idempotent, copies continue after their last checkpoint, catch-up re-applies changes idempotently, the fence and
 * switch are one transaction each, cleanup deletes what is left.
 */
public final class MovePhase {
    public static final String PROVISION = "provision";
    public static final String COPY_ROWS = "copy-rows";
    public static final String COPY_MEDIA = "copy-media";
    public static final String CATCH_UP = "catch-up";
    public static final String FENCE = "fence";
    /** After the routing switch: the room lives at its new place; the old copy waits for deletion. */
    public static final String CLEANUP = "cleanup";
    public static final String DONE = "done";

    private MovePhase() {
    }

    /** The phase as people read it (the wizard and the status stream show this). */
    public static String label(String phase) {
        return switch (phase) {
            case PROVISION -> "Creating the shard…";
            case COPY_ROWS -> "Copying messages…";
            case COPY_MEDIA -> "Copying media…";
            case CATCH_UP -> "Catching up with new messages…";
            case FENCE -> "Switching over…";
            case CLEANUP -> "Cleaning up the old copy…";
            case DONE -> "Done";
            default -> phase;
        };
    }
}
