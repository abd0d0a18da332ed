package dev.meshrooms.core.model;

import dev.meshrooms.core.error.MeshException;
import java.util.regex.Pattern;

/** What it takes to create a room; {@link #validate()} names the field that is wrong. */
public record NewRoom(String slug, String name, Visibility visibility) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public NewRoom validate() {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw MeshException.invalid(
                    "slug",
                    "use 1 to 63 lowercase letters, digits and dashes, starting with a letter or digit (got \""
                            + (slug == null ? "" : slug) + "\")");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw MeshException.invalid("name", "give the room a name of 1 to 200 characters");
        }
        if (name.indexOf('\0') >= 0) {
            throw MeshException.invalid("name", "contains a NUL character");
        }
        return this;
    }
}
