package dev.meshrooms.core.shard;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** A room's own encryption key in a key management service (AWS KMS), found again by its alias. */
public interface RoomKeys {
    /** The key an alias points to, if any. */
    Optional<RoomKey> findByAlias(String alias);

    /** Creates a symmetric encryption key with a description and tags; returns it. */
    RoomKey create(String description, Map<String, String> tags);

    void createAlias(String alias, String keyId);

    /** Removes an alias; nothing happens when it is gone already. */
    void deleteAlias(String alias);

    void tag(String keyId, Map<String, String> tags);

    void untag(String keyId, Collection<String> tagKeys);

    /** Makes a key that was scheduled for deletion usable again. */
    void restore(String keyId);

    /** Schedules the key's deletion after the pending window; nothing happens when it is pending deletion already. */
    void scheduleDeletion(String keyId, int pendingDays);

    /** @param pendingDeletion the key is scheduled for deletion (a deprovisioning stopped half-way) */
    record RoomKey(String keyId, String arn, boolean pendingDeletion) {}
}
