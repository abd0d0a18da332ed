package dev.meshrooms.core.upload;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The record of pushed bundles' uploads in {@code mesh.bundle_uploads}: it holds each token to its {@link PushLimits}
 * (checked and recorded under a lock per token, so two uploads started at once cannot both squeeze under a bound)
 * and says which uploads have been idle long enough to remove.
 */
public final class BundleUploads {
    private final DataSource global;
    private final PushLimits limits;

    /** An upload as recorded: who it belongs to and when it last moved. */
    public record Recorded(String id, String owner, UUID userId, long length, Instant createdAt, Instant touchedAt) {}

    public BundleUploads(DataSource global, PushLimits limits) {
        this.global = global;
        this.limits = limits.validate();
    }

    public PushLimits limits() {
        return limits;
    }

    /**
     * Checks that {@code who} may start an upload of {@code length} bytes, then makes it with {@code create} (which
     * returns its id) and records it, all under the token's lock: PAYLOAD_TOO_LARGE or TOO_MANY_REQUESTS with the
     * bound in a sentence, and nothing made, when a bound would be crossed.
     */
    public String reserve(Principal who, long length, long freeDiskBytes, Supplier<String> create) {
        if (length > limits.maxBundleBytes()) {
            throw new MeshException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the bundle is " + length + " bytes; this server takes bundles of up to " + limits.maxBundleBytes()
                            + " bytes (MESH_PUSH_MAX_BYTES)");
        }
        if (length > freeDiskBytes) {
            throw new MeshException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the bundle is " + length + " bytes but the server's upload folder has only " + freeDiskBytes
                            + " bytes free; ask its operator to make room, then push again");
        }
        String owner = who.owner();
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                st.setString(1, "bundle-uploads:" + owner);
                st.execute();
            }
            long count;
            long bytes;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT count(*), coalesce(sum(length), 0) FROM mesh.bundle_uploads WHERE owner = ?")) {
                st.setString(1, owner);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                    bytes = rs.getLong(2);
                }
            }
            if (count >= limits.uploadsPerOwner()) {
                throw new MeshException(
                        ErrorCode.TOO_MANY_REQUESTS,
                        "this token has " + count + " unfinished uploads, as many as it may hold at once"
                                + " (MESH_PUSH_UPLOADS_PER_TOKEN); finish or cancel one (DELETE its upload URL),"
                                + " or wait until an idle one expires");
            }
            if (bytes + length > limits.bytesPerOwner()) {
                throw new MeshException(
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "this token's unfinished uploads announce " + bytes + " bytes; " + length
                                + " more would pass the " + limits.bytesPerOwner()
                                + " bytes it may hold (MESH_PUSH_BYTES_PER_TOKEN); finish or cancel one first");
            }
            String id = create.get();
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO mesh.bundle_uploads (id, owner, user_id, length) VALUES (?, ?, ?, ?)")) {
                st.setString(1, id);
                st.setString(2, owner);
                st.setObject(3, who.userId());
                st.setLong(4, length);
                st.executeUpdate();
            }
            return id;
        });
    }

    /** The upload moved (bytes arrived): its idle time starts again. */
    public void touch(String id) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT set_config('synchronous_commit', 'off', true)")) {
                st.execute();
            }
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE mesh.bundle_uploads SET touched_at = now() WHERE id = ?")) {
                st.setString(1, id);
                st.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Recorded> find(String id) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, owner, user_id, length, created_at, touched_at"
                    + " FROM mesh.bundle_uploads WHERE id = ?")) {
                st.setString(1, id);
                List<Recorded> found = read(st);
                return found.stream().findFirst();
            }
        });
    }

    /** The uploads this instance holds, the most recently written first. */
    public List<Recorded> open(int limit) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, owner, user_id, length, created_at, touched_at"
                    + " FROM mesh.bundle_uploads ORDER BY touched_at DESC LIMIT ?")) {
                st.setInt(1, limit);
                return read(st);
            }
        });
    }

    /** Uploads that have not moved since {@code now - idleExpiry} and that no running import reads. */
    public List<Recorded> idle(Instant now) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, owner, user_id, length, created_at, touched_at"
                    + " FROM mesh.bundle_uploads u WHERE touched_at < ? AND NOT EXISTS (SELECT 1 FROM"
                    + " mesh.bundle_imports i WHERE i.upload_id = u.id AND i.state = 'running')")) {
                st.setTimestamp(1, Timestamp.from(now.minus(limits.idleExpiry())));
                return read(st);
            }
        });
    }

    public void forget(String id) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.bundle_uploads WHERE id = ?")) {
                st.setString(1, id);
                st.executeUpdate();
            }
            return null;
        });
    }

    private static List<Recorded> read(PreparedStatement st) throws java.sql.SQLException {
        List<Recorded> found = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                found.add(new Recorded(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        rs.getLong(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant()));
            }
        }
        return found;
    }
}
