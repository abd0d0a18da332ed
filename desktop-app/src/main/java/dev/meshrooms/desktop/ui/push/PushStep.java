package dev.meshrooms.desktop.ui.push;

/** The steps of a push as the window shows them, in order. */
public enum PushStep {
    EXPORT("Export"),
    UPLOAD("Upload"),
    CLOUD("Cloud import");

    private final String label;

    PushStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Where one step stands. */
    public enum Status {
        WAITING,
        RUNNING,
        DONE,
        /** The export was skipped: the bundle of the last push was reused (the room has not changed). */
        REUSED
    }

    /**
     * One step as drawn: its status, how much of it is done (0–1; -1 unknown) and a line of detail (bytes, rate, time
     * left).
     */
    public record View(PushStep step, Status status, double fraction, String detail) {}
}
