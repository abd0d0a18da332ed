package dev.meshrooms.core.model;

import java.util.Locale;

/**
 * What a token may do. {@code ALL}: whatever its user may. {@code IMPORT}: only upload bundles, import them and follow
 * those imports (what a desktop or a command line pushing rooms to this instance needs) — nothing else, whoever issued
 * it.
 */
public enum TokenScope {
    ALL,
    IMPORT;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TokenScope fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The scope named in a request or on the command line ("all", "import"); INVALID_INPUT naming {@code field}. */
    public static TokenScope parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        try {
            return fromDb(text.strip());
        } catch (IllegalArgumentException e) {
            throw dev.meshrooms.core.error.MeshException.invalid(field, "must be \"all\" or \"import\"");
        }
    }
}
