package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.signature.Ed25519Keys;
import dev.meshrooms.core.testing.TestMesh;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Importing a bundle whose db.sql is not our own")
class RoomImporterTest {

    @Test
    @DisplayName("a media row pointing at a message that is not in db.sql is refused by name, and nothing is imported")
    void danglingMediaRowRefused() throws Exception {
        UUID roomId = UUID.randomUUID();
        UUID authorId = UUID.randomUUID();
        UUID messageId = UUID.randomUUID();
        UUID mediaId = UUID.randomUUID();
        String key = mediaId + "/a.png";
        byte[] picture = "not really a png".getBytes(StandardCharsets.UTF_8);
        String schema = "room_" + roomId.toString().replace("-", "");
        String zeros64 = "00".repeat(64);
        // media first, as pg_dump orders it; its message_id names a message that is not in the bundle
        String dbSql = "COPY " + schema
                + ".media (id, room_id, message_id, object_key, url, content_type, size, sha256) FROM stdin;\n"
                + String.join(
                        "\t",
                        mediaId.toString(),
                        roomId.toString(),
                        UUID.randomUUID().toString(),
                        key,
                        "/x",
                        "image/png",
                        Integer.toString(picture.length),
                        "\\\\x" + sha256(picture))
                + "\n\\.\n"
                + "COPY " + schema
                + ".messages (id, room_id, author_id, body, created_at, signature, original_id, original_room_id)"
                + " FROM stdin;\n"
                + String.join(
                        "\t",
                        messageId.toString(),
                        roomId.toString(),
                        authorId.toString(),
                        "hi",
                        "2024-01-01 00:00:00+00",
                        "\\\\x" + zeros64,
                        messageId.toString(),
                        roomId.toString())
                + "\n\\.\n";
        byte[] db = dbSql.getBytes(StandardCharsets.UTF_8);
        String publicKey = Base64.getEncoder()
                .encodeToString(Ed25519Keys.rawPublicKey(Ed25519Keys.generate().getPublic()));
        BundleMetadata metadata = new BundleMetadata(
                BundleNames.FORMAT_VERSION,
                Migrations.ROOM_SCHEMA_VERSION,
                new BundleMetadata.RoomInfo(roomId, "dangling", "Dangling", "public", Instant.now()),
                null,
                Instant.now(),
                null,
                List.of(new BundleMetadata.Author(authorId, "ann", "Ann", publicKey)),
                List.of(),
                new BundleMetadata.FileInfo(db.length, sha256(db)),
                List.of(new BundleMetadata.MediaFile(key, picture.length, sha256(picture), "image/png")));
        byte[] json = MeshCore.json().writeValueAsBytes(metadata);
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        try (BundleWriter writer = new BundleWriter(bundle, Instant.now())) {
            writer.add(BundleNames.METADATA, json.length, new ByteArrayInputStream(json));
            writer.add(BundleNames.DB_SQL, db.length, new ByteArrayInputStream(db));
            writer.add(BundleNames.MEDIA_PREFIX + key, picture.length, new ByteArrayInputStream(picture));
        }

        MeshCore mesh = TestMesh.start();
        try {
            assertThatThrownBy(() -> mesh.importer()
                            .importBundle(
                                    new ByteArrayInputStream(bundle.toByteArray()),
                                    "dangling.tar.zst",
                                    new ImportOptions(true, null),
                                    ProgressListener.NONE))
                    .hasMessageContaining("db.sql")
                    .hasMessageContaining("media rows belong to messages that are not in db.sql (1 such messages)");
            assertThat(mesh.rooms().list()).isEmpty();
            try (Connection c = mesh.internals().pools().global().getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'mesh_import_%'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("staging schemas left behind").isZero();
            }
        } finally {
            mesh.close();
        }
    }

    private static String sha256(byte[] bytes) {
        return Hashing.hex(Hashing.sha256().digest(bytes));
    }
}
