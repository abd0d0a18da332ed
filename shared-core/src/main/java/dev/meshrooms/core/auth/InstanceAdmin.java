package dev.meshrooms.core.auth;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.TokenScope;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.store.UserDirectory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The instance's admin user and token. A token from MESH_ADMIN_TOKEN is stored (hashed) on every start, revoking the
 * one an earlier value made; without one, a token is generated when no admin token is active and handed back once so
 * it can be printed. A lost token is replaced by whoever owns the data directory ({@code tokens create --admin}).
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
            try (PreparedStatement st = c.prepareStatement("SELECT id FROM mesh.users" + " WHERE handle = '"
                            + ADMIN_HANDLE + "' AND NOT is_ghost ORDER BY created_at LIMIT 1");
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
            // a changed MESH_ADMIN_TOKEN: the token made from its earlier value is revoked
            tokens.store(admin.id(), configuredToken, ENV_LABEL, true);
            return Optional.empty();
        }
        // MESH_ADMIN_TOKEN unset: what it named no longer holds
        tokens.revokeLabel(admin.id(), ENV_LABEL);
        if (tokens.hasInstanceAdminToken()) {
            return Optional.empty();
        }
        return Optional.of(tokens.issue(admin.id(), GENERATED_LABEL, true));
    }

    /**
     * Issues a token: an instance-admin token (always the admin user's), or a token of the user with {@code handle}.
     *
     * @param validFor how long it is valid (null: until revoked)
     */
    public ApiTokens.Issued issueToken(String handle, String label, boolean instanceAdmin, Duration validFor) {
        return issueToken(handle, label, instanceAdmin, validFor, TokenScope.ALL);
    }

    /**
     * Issues a token. An {@code IMPORT} token belongs to the admin user (imports are the instance admin's to make) and
     * may only upload, import and follow imports.
     */
    public ApiTokens.Issued issueToken(
            String handle, String label, boolean instanceAdmin, Duration validFor, TokenScope scope) {
        if (scope == TokenScope.IMPORT) {
            User admin = user();
            if (handle != null && !handle.equalsIgnoreCase(admin.handle())) {
                throw MeshException.invalid(
                        "scope",
                        "import tokens belong to the admin user (" + admin.handle() + "); leave out the handle");
            }
            String name = label != null && !label.isBlank() ? label : "import token";
            return tokens.issue(admin.id(), name, true, validFor, TokenScope.IMPORT);
        }
        User user;
        if (instanceAdmin) {
            user = user();
            if (handle != null && !handle.equalsIgnoreCase(user.handle())) {
                throw MeshException.invalid(
                        "admin",
                        "instance-admin tokens belong to the admin user (" + user.handle()
                                + "); leave out the handle or the admin flag");
            }
        } else {
            if (handle == null || handle.isBlank()) {
                throw MeshException.invalid("handle", "name the user the token is for (their handle)");
            }
            user = users.findByHandle(handle)
                    .orElseThrow(() ->
                            new MeshException(ErrorCode.USER_NOT_FOUND, "No user @" + handle + " on this instance."));
            if (user.ghost()) {
                throw MeshException.invalid(
                        "handle",
                        "@" + handle + " came with an imported room and has no key here:" + " nobody can act as them");
            }
        }
        String name = label != null && !label.isBlank()
                ? label
                : instanceAdmin ? "instance admin token" : "token of @" + user.handle();
        return tokens.issue(user.id(), name, instanceAdmin, validFor);
    }

    /** An ISO-8601 duration such as {@code P30D} or {@code PT12H} (null or blank: null), naming the field if it is not one. */
    public static Duration lifetime(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.parse(text.strip().toUpperCase(java.util.Locale.ROOT));
            if (d.isNegative() || d.isZero()) {
                throw MeshException.invalid(field, "must be a positive duration, e.g. P30D");
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw MeshException.invalid(
                    field, "\"" + text + "\" is not a duration; write days or hours as P30D or PT12H");
        }
    }
}
