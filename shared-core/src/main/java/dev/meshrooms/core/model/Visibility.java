package dev.meshrooms.core.model;

import dev.meshrooms.core.error.MeshException;
import java.util.Locale;

/** Who may read a room: anyone (public) or its members (private). */
public enum Visibility {
    PUBLIC,
    PRIVATE;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility parse(String value) {
        if (value == null) {
            return PUBLIC;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "public" -> PUBLIC;
            case "private" -> PRIVATE;
            default ->
                throw MeshException.invalid("visibility", "must be \"public\" or \"private\", not \"" + value + "\"");
        };
    }
}
