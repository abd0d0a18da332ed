package dev.meshrooms.core.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.db.Transactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The record of every import into this instance ({@code import_history}), as its admin reads it. */
public final class ImportHistory {
    private final DataSource global;
    private final ObjectMapper json;

    public ImportHistory(DataSource global, ObjectMapper json) {
        this.global = global;
        this.json = json;
    }

    /**
     * One import: the room it made (its slug while the room exists, else null), where the bundle came from, the token
     * that pushed it (null for one imported by hand), and the shard it went into (null: the shared tables).
     */
    public record Entry(
            UUID roomId,
            String slug,
            UUID originalRoomId,
            String sourceUrl,
            Instant importedAt,
            UUID tokenId,
            String shardSchema,
            long messages,
            long media) {}

    /** The latest imports, newest first. */
    public List<Entry> recent(int limit) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT h.room_id, r.slug, h.original_room_id, h.source_url,"
                    + " h.imported_at, h.token_id, h.shard_schema, h.counts::text FROM mesh.import_history h"
                    + " LEFT JOIN mesh.rooms r ON r.id = h.room_id ORDER BY h.imported_at DESC LIMIT ?")) {
                st.setInt(1, limit);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        JsonNode counts = counts(rs.getString(8));
                        entries.add(new Entry(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getObject(3, UUID.class),
                                rs.getString(4),
                                rs.getTimestamp(5).toInstant(),
                                rs.getObject(6, UUID.class),
                                rs.getString(7),
                                counts.path("messages").asLong(),
                                counts.path("media").asLong()));
                    }
                }
                return entries;
            }
        });
    }

    private JsonNode counts(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
