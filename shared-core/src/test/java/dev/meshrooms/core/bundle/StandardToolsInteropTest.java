package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.shard.ShardSchemas;
import dev.meshrooms.core.signature.Ed25519Keys;
import dev.meshrooms.core.signature.MessageSignatures;
import dev.meshrooms.core.signature.SignedContent;
import dev.meshrooms.core.testing.DebianPostgres;
import dev.meshrooms.core.testing.TestMesh;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle is a plain tar.zst with a pg_dump-style db.sql, so the standard tools must handle it both ways: GNU tar,
 * zstd, sha256sum and psql read what we export, and a bundle made with tar, zstd and Debian's pg_dump imports.
 */
@DisplayName("Bundles and the standard tools (GNU tar, zstd, sha256sum, Debian's psql and pg_dump)")
class StandardToolsInteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String MULTI_LINE =
            "first line\nsecond line: ünïcode 🌱, a tab\there, a backslash \\ and \"quotes\"";

    @Test
    @DisplayName("standard tools read our bundle: tar lists and extracts it, zstd tests it, sha256sum matches"
            + " metadata.json, and psql restores db.sql into a fresh PostgreSQL")
    void standardToolsReadOurBundle(@TempDir Path dir) throws Exception {
        MeshCore mesh = TestMesh.start();
        try {
            User alice = mesh.users().create("alice", "Alice");
            User bob = mesh.users().create("bob", "Bob");
            Room room =
                    mesh.shardedRooms().create(new NewRoom("orchard", "Orchard", Visibility.PUBLIC), alice.id(), null);
            Message hello = mesh.messages().send(room.id(), alice.id(), "hello orchard", null);
            mesh.messages().send(room.id(), bob.id(), MULTI_LINE, hello.id());
            Message withPhoto = mesh.messages().send(room.id(), alice.id(), "a photo", null);
            byte[] photo = randomBytes(150_000);
            MediaItem item = mesh.media()
                    .attach(
                            room,
                            withPhoto.id(),
                            "photo.jpg",
                            "image/jpeg",
                            new ByteArrayInputStream(photo),
                            photo.length);
            Path bundle = dir.resolve(BundleNames.fileName(room.id()));
            try (OutputStream out = Files.newOutputStream(bundle)) {
                mesh.exporter("https://orchard.example").export(room.id(), out, ProgressListener.NONE);
            }

            assertThat(run(dir, "tar", "--zstd", "-tf", bundle.toString()).lines())
                    .containsExactly("metadata.json", "db.sql", "media/" + item.objectKey());
            run(dir, "zstd", "-q", "-t", bundle.toString());
            Path extracted = Files.createDirectory(dir.resolve("extracted"));
            run(dir, "tar", "--zstd", "-xf", bundle.toString(), "-C", extracted.toString());

            BundleMetadata metadata =
                    MeshCore.json().readValue(extracted.resolve("metadata.json").toFile(), BundleMetadata.class);
            assertThat(metadata.room().id()).isEqualTo(room.id());
            assertThat(sha256sum(extracted, "db.sql"))
                    .isEqualTo(metadata.dbSql().sha256());
            assertThat(Files.size(extracted.resolve("db.sql")))
                    .isEqualTo(metadata.dbSql().size());
            assertThat(metadata.media()).hasSize(1);
            for (BundleMetadata.MediaFile file : metadata.media()) {
                assertThat(sha256sum(extracted, "media/" + file.key()))
                        .as(file.key())
                        .isEqualTo(file.sha256());
            }
            assertThat(Files.readAllBytes(extracted.resolve("media/" + item.objectKey())))
                    .isEqualTo(photo);

            List<Message> sent =
                    oldestFirst(mesh.messages().page(room.id(), null, 100).messages());
            String schema = RoomIds.shardSchema(room.id());
            try (DebianPostgres pg = DebianPostgres.start()) {
                pg.psqlFile(extracted.resolve("db.sql"));
                assertThat(pg.psql("SELECT count(*) FROM " + schema + ".messages"))
                        .isEqualTo("3");
                assertThat(pg.psql("SELECT count(*) FROM " + schema + ".media")).isEqualTo("1");
                JsonNode restored = MeshCore.json()
                        .readTree(pg.psql("SELECT json_agg(json_build_object('id', id, 'body', body,"
                                + " 'reply_to', reply_to, 'signature', encode(signature, 'hex')) ORDER BY created_at, id) FROM "
                                + schema + ".messages"));
                assertThat(restored).hasSize(sent.size());
                for (int i = 0; i < sent.size(); i++) {
                    Message m = sent.get(i);
                    JsonNode row = restored.get(i);
                    assertThat(row.get("id").asText()).isEqualTo(m.id().toString());
                    assertThat(row.get("body").asText()).isEqualTo(m.body());
                    assertThat(
                                    row.get("reply_to").isNull()
                                            ? null
                                            : UUID.fromString(
                                                    row.get("reply_to").asText()))
                            .isEqualTo(m.replyTo());
                    assertThat(row.get("signature").asText()).isEqualTo(HEX.formatHex(m.signature()));
                }
                assertThat(restored.get(1).get("body").asText()).isEqualTo(MULTI_LINE);
                assertThat(pg.psql("SELECT object_key || ' ' || size || ' ' || encode(sha256, 'hex') FROM " + schema
                                + ".media"))
                        .isEqualTo(item.objectKey() + " " + photo.length + " " + HEX.formatHex(item.sha256()));
            }
        } finally {
            mesh.close();
        }
    }

    @Test
    @DisplayName(
            "a bundle assembled without our exporter imports: Debian's pg_dump of a Mesh room schema, a hand-written"
                    + " metadata.json, GNU tar and the zstd CLI")
    void bundleAssembledWithoutOurExporterImports(@TempDir Path dir) throws Exception {
        UUID roomId = UUID.randomUUID();
        String schema = RoomIds.shardSchema(roomId);
        Author alice = new Author(UUID.randomUUID(), "alice", Ed25519Keys.generate());
        Author bob = new Author(UUID.randomUUID(), "bob", Ed25519Keys.generate());
        Instant start = Instant.parse("2024-03-01T09:00:00.123456Z");
        Message hello = signed(alice, roomId, "hello from a hand-made bundle", null, start);
        Message reply = signed(bob, roomId, MULTI_LINE, hello.id(), start.plusSeconds(60));
        Message withPhoto = signed(alice, roomId, "a photo", null, start.plusSeconds(120));
        List<Message> written = List.of(hello, reply, withPhoto);
        byte[] photo = randomBytes(120_000);
        String key = UUID.randomUUID() + "/photo.jpg";

        Path work = Files.createDirectory(dir.resolve("bundle"));
        Path dbSql = work.resolve("db.sql");
        try (DebianPostgres pg = DebianPostgres.start();
                ConnectionPools pools = new ConnectionPools(pg.server(), List.of(), 2, 1)) {
            new ShardSchemas(pools).create(roomId, null);
            try (Connection c = pools.global().getConnection()) {
                for (Message m : written) {
                    insert(c, schema, m);
                }
                insertMedia(c, schema, roomId, withPhoto.id(), key, photo);
            }
            pg.pgDump(schema, dbSql);
        }
        String dump = Files.readString(dbSql);
        assertThat(dump)
                .as("what pg_dump writes for a Mesh room schema, all of which the reader must accept")
                .contains(
                        "\\restrict ",
                        "COPY " + schema + ".flyway_room_history",
                        "COPY " + schema + ".media",
                        "OWNER TO",
                        "GRANT ",
                        "FOREIGN KEY (message_id)");

        Files.writeString(work.resolve("metadata.json"), """
                {
                  "formatVersion": 1,
                  "schemaVersion": %d,
                  "room": {"id": "%s", "slug": "hand-made", "name": "Hand-made ✂ room", "visibility": "public",
                           "createdAt": "2024-03-01T08:00:00Z"},
                  "source": {"url": "https://elsewhere.example", "instanceId": "hand-assembled", "mediaHosts": []},
                  "exportedAt": "2024-03-02T10:00:00Z",
                  "counts": {"messages": 3, "media": 1},
                  "authors": [%s, %s],
                  "members": [{"userId": "%s", "role": "admin"}, {"userId": "%s", "role": "member"}],
                  "dbSql": {"size": %d, "sha256": "%s"},
                  "media": [{"key": "%s", "size": %d, "sha256": "%s", "contentType": "image/jpeg"}]
                }
                """.formatted(
                        Migrations.ROOM_SCHEMA_VERSION,
                        roomId,
                        alice.json(),
                        bob.json(),
                        alice.id(),
                        bob.id(),
                        Files.size(dbSql),
                        sha256sum(work, "db.sql"),
                        key,
                        photo.length,
                        sha256(photo)));
        Path media = work.resolve("media").resolve(key);
        Files.createDirectories(media.getParent());
        Files.write(media, photo);
        run(work, "tar", "--format=posix", "-cf", "../bundle.tar", "metadata.json", "db.sql", "media");
        Path bundle = dir.resolve(BundleNames.fileName(roomId));
        run(dir, "zstd", "-q", "bundle.tar", "-o", bundle.toString());

        MeshCore mesh = TestMesh.start();
        try {
            ImportResult result;
            try (InputStream in = Files.newInputStream(bundle)) {
                result = mesh.importer()
                        .importBundle(
                                in,
                                bundle.getFileName().toString(),
                                new ImportOptions(true, null, ImportOptions.SignatureCheck.ALL),
                                ProgressListener.NONE);
            }
            Room room = mesh.rooms().findById(result.roomId()).orElseThrow();
            assertThat(room.slug()).isEqualTo("hand-made");
            assertThat(room.name()).isEqualTo("Hand-made ✂ room");
            assertThat(result.messages()).isEqualTo(3);
            assertThat(result.signaturesChecked()).isEqualTo(3);
            assertThat(result.signaturesValid()).isEqualTo(result.signaturesChecked());
            assertThat(mesh.messages().verify(room.id()).allValid()).isTrue();

            List<MessageView> views = mesh.messages().page(room.id(), null, 100).messages();
            List<Message> imported = oldestFirst(views);
            assertThat(imported).extracting(Message::body).containsExactly(hello.body(), MULTI_LINE, withPhoto.body());
            assertThat(imported)
                    .extracting(Message::originalId)
                    .containsExactly(hello.id(), reply.id(), withPhoto.id());
            assertThat(imported)
                    .extracting(Message::createdAt)
                    .containsExactly(hello.createdAt(), reply.createdAt(), withPhoto.createdAt());
            assertThat(imported.get(1).replyTo()).isEqualTo(imported.get(0).id());
            assertThat(views).extracting(v -> v.author().handle()).containsExactly("alice", "bob", "alice");

            MediaItem item = views.get(0).media().get(0);
            assertThat(item.objectKey()).isEqualTo(key);
            try (InputStream bytes = mesh.internals()
                    .mediaStore()
                    .open(mesh.media().bucketFor(room), mesh.media().storageKey(room, key))) {
                assertThat(bytes.readAllBytes()).isEqualTo(photo);
            }
        } finally {
            mesh.close();
        }
    }

    /** An author of the hand-made bundle: an id, a handle and an Ed25519 key pair made here, not by Mesh. */
    private record Author(UUID id, String handle, KeyPair keys) {
        byte[] publicKey() {
            return Ed25519Keys.rawPublicKey(keys.getPublic());
        }

        String json() {
            return "{\"id\": \"%s\", \"handle\": \"%s\", \"displayName\": \"%s\", \"publicKey\": \"%s\"}"
                    .formatted(
                            id,
                            handle,
                            handle + " (hand-made)",
                            Base64.getEncoder().encodeToString(publicKey()));
        }
    }

    private static Message signed(Author author, UUID roomId, String body, UUID replyTo, Instant createdAt) {
        UUID id = UUID.randomUUID();
        byte[] signature = MessageSignatures.sign(
                new SignedContent(id, roomId, author.publicKey(), body, createdAt),
                author.keys().getPrivate());
        return Message.written(id, roomId, author.id(), body, createdAt, replyTo, signature);
    }

    private static void insert(Connection c, String schema, Message m) throws Exception {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO " + schema + ".messages (id, room_id, author_id, body,"
                        + " created_at, reply_to, signature, original_id, original_room_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setObject(1, m.id());
            st.setObject(2, m.roomId());
            st.setObject(3, m.authorId());
            st.setString(4, m.body());
            st.setObject(5, OffsetDateTime.ofInstant(m.createdAt(), ZoneOffset.UTC));
            st.setObject(6, m.replyTo());
            st.setBytes(7, m.signature());
            st.setObject(8, m.originalId());
            st.setObject(9, m.originalRoomId());
            st.executeUpdate();
        }
    }

    private static void insertMedia(Connection c, String schema, UUID roomId, UUID messageId, String key, byte[] bytes)
            throws Exception {
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO " + schema + ".media (id, room_id, message_id, object_key,"
                        + " url, content_type, size, sha256) VALUES (?, ?, ?, ?, ?, 'image/jpeg', ?, ?)")) {
            st.setObject(1, UUID.fromString(key.substring(0, 36)));
            st.setObject(2, roomId);
            st.setObject(3, messageId);
            st.setString(4, key);
            st.setString(5, "/media/" + roomId + "/" + key);
            st.setLong(6, bytes.length);
            st.setBytes(7, HEX.parseHex(sha256(bytes)));
            st.executeUpdate();
        }
    }

    private static List<Message> oldestFirst(List<MessageView> newestFirst) {
        List<Message> messages =
                new ArrayList<>(newestFirst.stream().map(MessageView::message).toList());
        Collections.reverse(messages);
        return messages;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        return Hashing.hex(Hashing.sha256().digest(bytes));
    }

    /** The hex SHA-256 of a file as the {@code sha256sum} tool prints it. */
    private static String sha256sum(Path dir, String file) throws IOException, InterruptedException {
        String line = run(dir, "sha256sum", "--", file);
        assertThat(line).endsWith("  " + file);
        return line.substring(0, line.indexOf(' '));
    }

    /** Runs a tool in {@code dir}; returns what it printed (stdout and stderr), failing on a non-zero exit. */
    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as(String.join(" ", command) + " timed out")
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + " failed:\n" + output)
                .isZero();
        return output.strip();
    }
}
