package dev.meshrooms.core.model;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Room ids and the names derived from them. Schema and role names come only from a parsed {@link UUID}, never from
 * text a user typed, so they can be quoted into DDL safely.
 */
public final class RoomIds {
    /** The schema holding the directory and the rooms that have no shard of their own. */
    public static final String GLOBAL_SCHEMA = "mesh";

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RoomIds() {}

    /** A canonical 36-character UUID, or empty (slugs and junk are not ids). */
    public static Optional<UUID> parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(text));
    }

    /** {@code room_<32 hex>}: the shard schema of a room. */
    public static String shardSchema(UUID roomId) {
        return "room_" + hex(roomId);
    }

    /** {@code room_<32 hex>_rw}: the database role that may use only that room's schema. */
    public static String shardRole(UUID roomId) {
        return shardSchema(roomId) + "_rw";
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "").toLowerCase(Locale.ROOT);
    }
}
