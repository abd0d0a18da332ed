package dev.meshrooms.core.bundle;

import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.store.RoomSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Writes {@code db.sql} in pg_dump's plain form — schema DDL, then one {@code COPY ... FROM stdin} block per table —
 * so that {@code psql -f db.sql} restores the room into schema {@code room_<hex>} of any PostgreSQL. Rows stream from
 * the snapshot's COPY; nothing is held in memory. The rows of a big room may come in parts read at the same time.
 */
final class DbSqlWriter {
    private DbSqlWriter() {}

    /**
     * Writes db.sql into consecutive parts, each written by one thread (see {@link RoomSnapshot#copyMessages(List)}):
     * the head goes into the first, the messages are spread over them, the media and the rest go into the last.
     *
     * @return the number of messages written
     */
    static long write(UUID roomId, String slug, RoomSnapshot snapshot, List<OutputStream> parts) {
        OutputStream out = parts.get(0);
        String schema = RoomIds.shardSchema(roomId);
        try {
            text(
                    out,
                    "--\n-- Mesh room bundle: db.sql of room " + roomId + " (" + slug.replaceAll("[^a-z0-9-]", "")
                            + ")\n"
                            + "-- Room schema version " + Migrations.ROOM_SCHEMA_VERSION
                            + ". Restore: psql -v ON_ERROR_STOP=1 -f db.sql\n--\n\n"
                            + "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n"
                            + "CREATE SCHEMA " + schema + ";\n\n"
                            + "CREATE TABLE " + schema + ".messages (\n"
                            + "    id uuid NOT NULL,\n    room_id uuid NOT NULL,\n    author_id uuid NOT NULL,\n    body text NOT NULL,\n"
                            + "    created_at timestamp with time zone NOT NULL,\n    edited_at timestamp with time zone,\n"
                            + "    reply_to uuid,\n    signature bytea NOT NULL,\n    original_id uuid NOT NULL,\n"
                            + "    original_room_id uuid NOT NULL,\n    signed_body text\n);\n\n"
                            + "CREATE TABLE " + schema + ".media (\n"
                            + "    id uuid NOT NULL,\n    room_id uuid NOT NULL,\n    message_id uuid,\n    object_key text NOT NULL,\n"
                            + "    url text NOT NULL,\n    content_type text NOT NULL,\n    size bigint NOT NULL,\n    sha256 bytea NOT NULL,\n    width integer,\n    height integer\n);\n\n"
                            + "COPY " + schema + ".messages (" + String.join(", ", RoomSnapshot.MESSAGE_COLUMNS)
                            + ") FROM stdin;\n");
            long messages = snapshot.copyMessages(parts);
            out = parts.get(parts.size() - 1);
            text(
                    out,
                    "\\.\n\n\nCOPY " + schema + ".media (" + String.join(", ", RoomSnapshot.MEDIA_COLUMNS)
                            + ") FROM stdin;\n");
            snapshot.copyMedia(out);
            text(
                    out,
                    "\\.\n\n\n"
                            + "ALTER TABLE ONLY " + schema
                            + ".messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id);\n"
                            + "ALTER TABLE ONLY " + schema + ".media ADD CONSTRAINT media_pkey PRIMARY KEY (id);\n"
                            + "CREATE INDEX messages_room_time_idx ON " + schema
                            + ".messages USING btree (room_id, created_at DESC, id DESC);\n");
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
