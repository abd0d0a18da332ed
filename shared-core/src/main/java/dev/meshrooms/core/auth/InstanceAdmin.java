package dev.meshrooms.core.auth;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.user.User;
import dev.meshrooms.core.user.UserDirectory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The instance's admin user and token. A token from MESH_ADMIN_TOKEN is stored (hashed) on every start; without
 * one, a token is generated on the first start only and handed back once so it can be printed.
 */
public final class InstanceAdmin {
    public static final String ADMIN_HANDLE = "admin";
    static final String ENV_LABEL = "MESH_ADMIN_TOKEN";
    static final String GENERATED_LABEL = "generated on first start";
    private final DataSource global;
    private final UserDirectory users;
    private final ApiTokens tokens;

    public InstanceAdmin(DataSource global, UserDirectory users, ApiTokens tokens) {
        this.global = global;
        this.users = users;
        this.tokens = tokens;
    }

    /** The admin user, created once. */
    public User user() {
        UUID existing = Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id FROM mesh.users"
                    + " WHERE handle = '" + ADMIN_HANDLE + "' AND NOT is_ghost ORDER BY created_at LIMIT 1");
                 ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        });
        if (existing != null) {
            return users.findById(existing).orElseThrow();
        }
        return users.create(ADMIN_HANDLE, "Instance admin");
    }

    /**
     * Makes sure an admin token exists.
     *
     * @param configuredToken MESH_ADMIN_TOKEN, or null
     * @return a newly generated token to show once, or empty when one existed or was configured
     */
    public Optional<String> ensureToken(String configuredToken) {
        User admin = user();
        if (configuredToken != null && !configuredToken.isBlank()) {
            tokens.store(admin.id(), configuredToken, ENV_LABEL, true);
            return Optional.empty();
        }
        if (tokens.hasInstanceAdminToken()) {
            return Optional.empty();
        }
        return Optional.of(tokens.issue(admin.id(), GENERATED_LABEL, true));
    }
}
