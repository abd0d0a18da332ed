package dev.meshrooms.core.store;

import dev.meshrooms.core.model.User;
import java.security.PrivateKey;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The global directory of users and custody of their signing keys. */
public interface UserDirectory {
    /** Creates a user with a fresh Ed25519 key pair; the private key is stored sealed by the instance's master key. */
    User create(String handle, String displayName);

    /**
     * Creates a user as {@link #create(String, String)} does and, in the same transaction, runs {@code then} (e.g. a
     * membership by invite): if it fails, no user remains.
     */
    User create(String handle, String displayName, AlsoInTransaction then);

    /** Work done in the transaction that creates a user. */
    @FunctionalInterface
    interface AlsoInTransaction {
        void run(java.sql.Connection connection, User created) throws java.sql.SQLException;
    }

    Optional<User> findById(UUID id);

    Optional<User> findByPublicKey(byte[] publicKey);

    /** The user with this handle, whatever its case (handles are unique per installation). */
    Optional<User> findByHandle(String handle);

    Map<UUID, User> findByIds(Collection<UUID> ids);

    /** The user's private signing key, unsealed; empty for ghosts. */
    Optional<PrivateKey> signingKey(UUID userId);
}
