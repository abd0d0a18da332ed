package dev.meshrooms.desktop.settings;

import java.util.Locale;

/** The look of the app's windows. */
public enum Theme {
    LIGHT("Light"),
    DARK("Dark");

    private final String label;

    Theme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** "light" / "dark" as stored in settings.json. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Theme ofId(String id) {
        return id != null && id.trim().equalsIgnoreCase("dark") ? DARK : LIGHT;
    }

    @Override
    public String toString() {
        return label;
    }
}
