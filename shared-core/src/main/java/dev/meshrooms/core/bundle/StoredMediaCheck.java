package dev.meshrooms.core.bundle;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MediaItem;

/** The sentences of an export that finds an object in the store other than the database records it. */
final class StoredMediaCheck {
    private StoredMediaCheck() {}

    /** The object is {@code found} bytes (or, if {@code longer}, more than recorded) where the database records another size. */
    static MeshException otherSize(MediaItem item, long found, boolean longer) {
        return new MeshException(
                ErrorCode.STORE_UNAVAILABLE,
                "media " + item.objectKey() + " is "
                        + (longer ? "more than " + item.size() : String.valueOf(found)) + " bytes in the store but "
                        + item.size()
                        + " in the database; export aborted");
    }

    static MeshException otherHash(MediaItem item) {
        return new MeshException(
                ErrorCode.STORE_UNAVAILABLE,
                "media " + item.objectKey() + " does not match its recorded"
                        + " SHA-256 (the stored object changed or is corrupt); export aborted");
    }
}
