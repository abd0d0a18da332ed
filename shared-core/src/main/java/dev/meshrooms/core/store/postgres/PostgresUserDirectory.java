package dev.meshrooms.core.store.postgres;

import dev.meshrooms.core.db.ChangeFeed;
import dev.meshrooms.core.db.NotifiedCache;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.signature.Ed25519Keys;
import dev.meshrooms.core.signature.KeyVault;
import dev.meshrooms.core.store.UserDirectory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link UserDirectory} on the global schema; private keys sealed with a {@link KeyVault}. Users by id and their
 * unsealed keys are kept in memory until the users table changes ({@link ChangeFeed}): every page names its authors
 * and every message is signed. The keys are no safer sealed in this process's memory, which holds the master key.
 */
public final class PostgresUserDirectory implements UserDirectory {
    private static final String COLUMNS = "id, handle, display_name, public_key, is_ghost";
    private static final int KEPT = 100_000;
    private static final Duration KEPT_FOR = Duration.ofMinutes(10);
    private final DataSource global;
    private final KeyVault vault;
    private final NotifiedCache<UUID, User> byId;
    private final NotifiedCache<UUID, PrivateKey> keys;

    /** Users read from the database at every use (tools that run briefly, tests of parts of the core). */
    public PostgresUserDirectory(DataSource global, KeyVault vault) {
        this(global, vault, ChangeFeed.none());
    }

    /** @param changes tells when the users table changed, so that users and keys can be kept in memory meanwhile */
    public PostgresUserDirectory(DataSource global, KeyVault vault, ChangeFeed changes) {
        this.global = global;
        this.vault = vault;
        ChangeFeed.Table users = changes.table("users");
        this.byId = new NotifiedCache<>(users, KEPT, KEPT_FOR);
        this.keys = new NotifiedCache<>(users, KEPT, KEPT_FOR);
    }

    @Override
    public User create(String handle, String displayName) {
        return create(handle, displayName, (c, u) -> {});
    }

    @Override
    public User create(String handle, String displayName, AlsoInTransaction then) {
        if (handle == null || handle.isBlank() || handle.length() > 64 || handle.indexOf('\0') >= 0) {
            throw MeshException.invalid("handle", "give 1 to 64 characters without NUL");
        }
        String display = displayName == null || displayName.isBlank() ? handle : displayName;
        UUID id = UUID.randomUUID();
        KeyPair keys = Ed25519Keys.generate();
        byte[] publicKey = Ed25519Keys.rawPublicKey(keys.getPublic());
        byte[] sealed = vault.seal(keys.getPrivate(), id);
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.users"
                    + " (id, handle, display_name, public_key, private_key_enc) SELECT ?, ?, ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM mesh.users WHERE lower(handle) = lower(?))")) {
                st.setObject(1, id);
                st.setString(2, handle);
                st.setString(3, display);
                st.setBytes(4, publicKey);
                st.setBytes(5, sealed);
                st.setString(6, handle);
                if (st.executeUpdate() == 0) {
                    throw new MeshException(
                            ErrorCode.CONFLICT,
                            "The handle " + handle + " is taken on this instance"
                                    + " (handles are unique whatever their case); choose another.");
                }
            }
            User created = new User(id, handle, display, publicKey, false);
            then.run(c, created);
            return created;
        });
    }

    @Override
    public Optional<User> findById(UUID id) {
        return Optional.ofNullable(byId.get(id, key -> findOne("id = ?", key).orElse(null)));
    }

    @Override
    public Optional<User> findByPublicKey(byte[] publicKey) {
        return findOne("public_key = ?", publicKey);
    }

    @Override
    public Optional<User> findByHandle(String handle) {
        return findOne("lower(handle) = lower(?)", handle);
    }

    @Override
    public Map<UUID, User> findByIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return new HashMap<>();
        }
        return byId.getAll(ids, this::load);
    }

    private Map<UUID, User> load(Collection<UUID> ids) {
        Map<UUID, User> users = new HashMap<>();
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM mesh.users WHERE id = ANY (?)")) {
                st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        User user = read(rs);
                        users.put(user.id(), user);
                    }
                }
            }
            return users;
        });
    }

    @Override
    public Optional<PrivateKey> signingKey(UUID userId) {
        return Optional.ofNullable(keys.get(userId, this::unsealedKey));
    }

    private PrivateKey unsealedKey(UUID userId) {
        byte[] sealed = Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT private_key_enc FROM mesh.users WHERE id = ?")) {
                st.setObject(1, userId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        return sealed == null ? null : vault.open(sealed, userId);
    }

    private Optional<User> findOne(String where, Object value) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM mesh.users WHERE " + where)) {
                st.setObject(1, value);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    private static User read(ResultSet rs) throws SQLException {
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("handle"),
                rs.getString("display_name"),
                rs.getBytes("public_key"),
                rs.getBoolean("is_ghost"));
    }
}
