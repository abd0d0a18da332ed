package dev.meshrooms.core.shard;

import dev.meshrooms.core.model.ShardLocation;
import java.util.UUID;

/**
 * Gives a room a shard of its own (schema + role on a chosen server, bucket, key, tags) and takes it away again.
 * Both directions are idempotent: a retried or resumed call finishes what an earlier one started. A failed
 * {@link #provision} rolls back what it created before it throws.
 */
public interface ShardProvisioner {
    /** Creates (or completes) the room's shard; does not move data and does not switch routing. */
    ShardLocation provision(UUID roomId);

    /** Deletes the shard's schema, role and bucket, schedules its key's deletion and removes its cost tags. */
    void deprovision(ShardLocation location);
}
