package dev.meshrooms.core.media;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Moves one object to another place: inside one store the store copies it itself (CopyObject, no bytes through
 * Mesh); between two stores the bytes stream from one to the other without being held in memory.
 */
public final class MediaTransfer {
    private MediaTransfer() {}

    public static void copy(
            MediaStore from,
            String fromBucket,
            String fromKey,
            MediaStore to,
            String toBucket,
            String toKey,
            long size,
            String contentType) {
        if (from == to) {
            from.copy(fromBucket, fromKey, toBucket, toKey);
            return;
        }
        try (InputStream in = from.open(fromBucket, fromKey)) {
            to.put(toBucket, toKey, in, size, contentType);
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "streaming " + fromKey + " from bucket " + fromBucket + " to bucket " + toBucket + " failed: "
                            + e.getMessage() + "; the move retries it",
                    e);
        }
    }
}
