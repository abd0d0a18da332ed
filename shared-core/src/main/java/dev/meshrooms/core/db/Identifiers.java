package dev.meshrooms.core.db;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.util.regex.Pattern;

/** SQL identifiers we build ourselves; anything else is refused before it can reach a statement. */
public final class Identifiers {
    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Identifiers() {}

    /** Double-quotes an identifier after checking it only holds lowercase letters, digits and underscores. */
    public static String quote(String identifier) {
        if (identifier == null || !SAFE.matcher(identifier).matches()) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "not a safe SQL identifier: " + identifier
                            + " (only lowercase letters, digits and underscores, at most 63)");
        }
        return '"' + identifier + '"';
    }
}
