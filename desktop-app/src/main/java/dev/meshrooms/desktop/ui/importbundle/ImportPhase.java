package dev.meshrooms.desktop.ui.importbundle;

import java.util.Locale;

/** The importer's phases, in order, as the window names them. */
public enum ImportPhase {
    VERIFY("Verify"),
    DATABASE("Database"),
    MEDIA("Media"),
    LINKS("Links"),
    DONE("Done");

    private final String label;

    ImportPhase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The phase named by a {@link dev.meshrooms.core.progress.Progress}; unknown names count as verify. */
    public static ImportPhase of(String phase) {
        if (phase == null) {
            return VERIFY;
        }
        try {
            return valueOf(phase.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return VERIFY;
        }
    }
}
