package dev.meshrooms.core.bundle;

import dev.meshrooms.core.store.RoomSnapshot;
import java.util.List;
import java.util.Set;

/** The room tables a bundle may carry data for, and their columns at each room schema version. */
final class RoomTables {
    static final String MESSAGES = "messages";
    static final String MEDIA = "media";
    /** The messages' columns at room schema version 2: what the exporter writes. */
    private static final List<String> MESSAGES_V2 = RoomSnapshot.MESSAGE_COLUMNS;
    /** Version 1 had no {@code signed_body}. */
    private static final List<String> MESSAGES_V1 =
            MESSAGES_V2.stream().filter(c -> !c.equals("signed_body")).toList();

    /**
     * Version 3 added tombstones and change numbers. Our exporter leaves them out (a bundle carries no deleted
     * message); a pg_dump of a room schema has them, and the import skips deleted rows and numbers changes anew.
     */
    private static final List<String> MESSAGES_V3 = java.util.stream.Stream.concat(
                    MESSAGES_V2.stream(), java.util.stream.Stream.of("deleted_at", "change_seq"))
            .toList();

    private static final Set<String> MESSAGES_REQUIRED =
            Set.of("id", "room_id", "author_id", "body", "created_at", "signature", "original_id", "original_room_id");
    /** Our exporter leaves out {@code created_at} (it defaults to the import time); pg_dump of a room schema has it. */
    private static final List<String> MEDIA_V2 =
            List.of("id", "room_id", "message_id", "object_key", "url", "content_type", "size", "sha256", "created_at");
    /** Version 3 added a picture's width and height. */
    private static final List<String> MEDIA_V3 = java.util.stream.Stream.concat(
                    MEDIA_V2.stream(), java.util.stream.Stream.of("width", "height"))
            .toList();

    private static final Set<String> MEDIA_REQUIRED =
            Set.of("id", "room_id", "object_key", "url", "content_type", "size", "sha256");

    private RoomTables() {}

    static boolean known(String table) {
        return MESSAGES.equals(table) || MEDIA.equals(table);
    }

    static List<String> columns(String table, int schemaVersion) {
        if (MEDIA.equals(table)) {
            return schemaVersion >= 3 ? MEDIA_V3 : MEDIA_V2;
        }
        return schemaVersion >= 3 ? MESSAGES_V3 : schemaVersion >= 2 ? MESSAGES_V2 : MESSAGES_V1;
    }

    static Set<String> required(String table) {
        return MEDIA.equals(table) ? MEDIA_REQUIRED : MESSAGES_REQUIRED;
    }
}
