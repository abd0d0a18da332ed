package dev.meshrooms.core.bundle;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.store.UserDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Read-only questions an import asks of this instance: free slugs, known authors, taken ids, earlier imports. */
final class ImportPreview {
    private ImportPreview() {}

    static BundleReport.Translation of(
            DataSource global, UserDirectory users, BundleMetadata metadata, byte[] sha, RowChecks rows) {
        String slug = freeSlug(global, metadata.room().slug());
        List<String> matched = new ArrayList<>();
        List<String> ghosts = new ArrayList<>();
        for (BundleMetadata.Author author : metadata.authors()) {
            boolean known = users.findByPublicKey(Base64.getDecoder().decode(author.publicKey()))
                    .isPresent();
            (known ? matched : ghosts).add(author.handle());
        }
        return new BundleReport.Translation(
                slug,
                !slug.equals(metadata.room().slug()),
                matched,
                ghosts,
                rows.messageIdsTaken(),
                rows.mediaIdsTaken(),
                alreadyImported(global, sha).orElse(null));
    }

    /** The slug itself when free, else the first free {@code slug-2}, {@code slug-3}, … */
    static String freeSlug(DataSource global, String slug) {
        return Transactions.inTransaction(global, c -> freeSlug(c, slug));
    }

    static String freeSlug(java.sql.Connection c, String slug) throws java.sql.SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM mesh.rooms WHERE slug = ?")) {
            String candidate = slug;
            for (int n = 2; ; n++) {
                st.setString(1, candidate);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return candidate;
                    }
                }
                String suffix = "-" + n;
                candidate = slug.substring(0, Math.min(slug.length(), 63 - suffix.length())) + suffix;
            }
        }
    }

    /** How many of {@code ids} the global {@code messages} or {@code media} table holds: an import gives those new ids. */
    static long taken(DataSource global, String table, List<UUID> ids) {
        String sql = "SELECT count(*) FROM mesh." + (RoomTables.MEDIA.equals(table) ? "media" : "messages")
                + " WHERE id = ANY (?)";
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * The import an identical bundle was already imported as, if any: "slug (id), imported <when> by <who>", naming
     * the token it came with when it came with one.
     */
    static Optional<String> alreadyImported(DataSource global, byte[] bundleSha256) {
        return Transactions.inTransaction(global, c -> alreadyImported(c, bundleSha256));
    }

    /** {@link #alreadyImported(DataSource, byte[])} on a connection the caller holds (an import's own). */
    static Optional<String> alreadyImported(Connection c, byte[] bundleSha256) {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT r.slug, h.room_id, h.imported_at, u.handle, t.label, h.token_id FROM mesh.import_history h"
                        + " LEFT JOIN mesh.rooms r ON r.id = h.room_id LEFT JOIN mesh.users u ON u.id = h.imported_by"
                        + " LEFT JOIN mesh.api_tokens t ON t.id = h.token_id"
                        + " WHERE h.bundle_sha256 = ? ORDER BY h.imported_at DESC LIMIT 1")) {
            st.setBytes(1, bundleSha256);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String who = rs.getString(6) != null
                        ? " with token \"" + rs.getString(5) + "\" (" + rs.getObject(6, UUID.class) + ")"
                                + (rs.getString(4) != null ? " of @" + rs.getString(4) : "")
                        : rs.getString(4) != null ? " by @" + rs.getString(4) : "";
                return Optional.of(rs.getString(1) + " (" + rs.getObject(2, UUID.class) + "), imported "
                        + rs.getTimestamp(3).toInstant() + who);
            }
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
    }
}
