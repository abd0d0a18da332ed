package dev.meshrooms.core.bundle;

import java.util.UUID;

/**
 * @param asNew       import even if this bundle was imported before (a second, independent copy)
 * @param importedBy  the user doing it (becomes an admin of the room), or null
 */
public record ImportOptions(boolean asNew, UUID importedBy) {
}
