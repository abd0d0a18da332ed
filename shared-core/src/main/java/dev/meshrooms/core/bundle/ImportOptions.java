package dev.meshrooms.core.bundle;

import java.util.UUID;

/**
 * @param asNew           import even if this bundle was imported before (a second, independent copy)
 * @param importedBy      the user doing it (becomes an admin of the room), or null
 * @param checkSignatures check every message's signature during the import and report the count (the default); the
 *                        room imports the same either way, and {@code verify --room} can check it later
 */
public record ImportOptions(boolean asNew, UUID importedBy, boolean checkSignatures) {
    public ImportOptions(boolean asNew, UUID importedBy) {
        this(asNew, importedBy, true);
    }
}
