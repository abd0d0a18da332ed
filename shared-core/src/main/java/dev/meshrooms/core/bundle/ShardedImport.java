package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.shard.ShardProvisioner;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * An import straight into a new shard: while db.sql loads into staging, the room gets a directory entry nobody sees
 * (state {@code importing}, so the shard can be recorded against it) and its shard is provisioned exactly as
 * decentralise does (schema and role on the placed server, migrations, bucket, key, policy, tags); the rows then go
 * from staging into the shard's schema and the media into its bucket. The import's last transaction makes the entry
 * the room. If the import fails — or its process dies — {@link #undo} removes the shard and the entry.
 */
final class ShardedImport {
    private final DataSource global;
    private final Supplier<ShardProvisioner> provisioner;
    private final Function<String, DataSource> servers;
    private final ObjectMapper json;

    ShardedImport(
            DataSource global,
            Supplier<ShardProvisioner> provisioner,
            Function<String, DataSource> servers,
            ObjectMapper json) {
        this.global = global;
        this.provisioner = provisioner;
        this.servers = servers;
        this.json = json;
    }

    /** The hidden entry and the provisioned shard, recorded on the import's job for a crash's clean-up. */
    ShardLocation prepare(UUID job, UUID roomId, BundleMetadata metadata) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.rooms (id, slug, name, visibility, state)"
                    + " VALUES (?, ?, ?, 'private', 'importing')")) {
                st.setObject(1, roomId);
                st.setString(2, hiddenSlug(roomId));
                st.setString(3, metadata.room().name());
                st.executeUpdate();
            }
            return null;
        });
        ShardLocation location;
        try {
            location = provisioner.get().provision(roomId);
        } catch (RuntimeException e) {
            deleteEntry(roomId);
            throw e;
        }
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE mesh.import_jobs SET shard = ?::jsonb WHERE id = ?")) {
                st.setString(1, write(location));
                st.setObject(2, job);
                st.executeUpdate();
            }
            return null;
        });
        return location;
    }

    /** Where the shard's rows are written: its server's pool. */
    DataSource server(ShardLocation location) {
        return servers.apply(location.serverUrl());
    }

    /** Whether the shard is on the server of the global tables (and of the import's staging schema). */
    boolean onGlobalServer(ShardLocation location) {
        // one pool per server and credentials: the same pool is the same server, reached as the same user
        return servers.apply(location.serverUrl()) == servers.apply(null);
    }

    /**
     * Removes what {@link #prepare} made: the shard (schema, role, bucket, key scheduled for deletion) and the hidden
     * entry. {@code location} null (a process that died before recording it): provisioning the entry's shard again
     * finds what exists of it, and that is removed.
     */
    void undo(UUID job, UUID roomId) {
        ShardLocation location = recorded(job);
        if (roomExists(roomId, "active") || roomExists(roomId, "migrating")) {
            return; // the import committed: the shard is the room's
        }
        boolean hidden = roomExists(roomId, "importing");
        if (location == null && hidden) {
            // provisioned, but the process died before recording where: provisioning again finds what exists
            location = provisioner.get().provision(roomId);
        }
        // the entry goes first, so an import still running somewhere can no longer make it the room
        deleteEntry(roomId);
        if (location != null) {
            provisioner.get().deprovision(location);
        }
    }

    private ShardLocation recorded(UUID job) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT shard FROM mesh.import_jobs WHERE id = ?")) {
                st.setObject(1, job);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? read(rs.getString(1)) : null;
                }
            }
        });
    }

    private boolean roomExists(UUID roomId, String state) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM mesh.rooms WHERE id = ? AND state = ?")) {
                st.setObject(1, roomId);
                st.setString(2, state);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private void deleteEntry(UUID roomId) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st =
                    c.prepareStatement("DELETE FROM mesh.rooms WHERE id = ? AND state = 'importing'")) {
                st.setObject(1, roomId);
                st.executeUpdate();
            }
            return null;
        });
    }

    static String hiddenSlug(UUID roomId) {
        return "importing-" + roomId.toString().replace("-", "");
    }

    private String write(ShardLocation location) {
        try {
            return json.writeValueAsString(location);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ShardLocation read(String text) {
        try {
            return json.readValue(text, ShardLocation.class);
        } catch (JsonProcessingException e) {
            throw new MeshException(ErrorCode.INTERNAL, "import job's shard record unreadable: " + e.getMessage(), e);
        }
    }
}
