package dev.meshrooms.core.model;

import java.util.Set;
import java.util.UUID;

/**
 * Where a room's shard lives once provisioned: the PostgreSQL server and schema (with its own role), the room's
 * bucket, its KMS key (null where the store has no KMS) and which storage features were actually applied
 * (e.g. {@code "kms-encryption"}, {@code "bucket-policy"}, {@code "cost-tags"}), so the room records what it got.
 *
 * @param serverUrl null: the global server
 */
public record ShardLocation(
        UUID roomId,
        String serverUrl,
        String schema,
        String role,
        String bucket,
        String kmsKeyArn,
        Set<String> applied) {
    public ShardLocation {
        applied = Set.copyOf(applied);
    }
}
