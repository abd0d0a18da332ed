package dev.meshrooms.core.shard;

/**
 * The object store and key service rooms' own buckets and keys live in, with the settings they are made by.
 *
 * @param keys null: no key service (the embedded store, MinIO without KMS): rooms get no key of their own
 */
public record ShardStorage(RoomBuckets buckets, RoomKeys keys, ShardSettings settings, AutoCloseable resources)
        implements AutoCloseable {

    public ShardStorage {
        settings.validate();
    }

    public boolean hasKms() {
        return keys != null;
    }

    @Override
    public void close() {
        try {
            if (resources != null) {
                resources.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("closing the shard storage clients: " + e.getMessage(), e);
        }
    }
}
