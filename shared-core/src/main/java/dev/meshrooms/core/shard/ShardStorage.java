package dev.meshrooms.core.shard;

/**
 * The object store and key service rooms' own buckets and keys live in, with the settings they are made by.
 *
 * @param keys       null: no key service (the embedded store, MinIO without KMS): rooms get no key of their own
 * @param dashboards null: rooms get no monitoring dashboard (anything but AWS)
 * @param published  null: the sampler publishes rooms' figures nowhere but its table and /metrics
 */
public record ShardStorage(
        RoomBuckets buckets,
        RoomKeys keys,
        RoomDashboards dashboards,
        dev.meshrooms.core.usage.UsagePublisher published,
        ShardSettings settings,
        AutoCloseable resources)
        implements AutoCloseable {

    public ShardStorage {
        settings.validate();
    }

    /** Buckets and keys only: no dashboards, nothing published. */
    public ShardStorage(RoomBuckets buckets, RoomKeys keys, ShardSettings settings, AutoCloseable resources) {
        this(buckets, keys, null, null, settings, resources);
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
