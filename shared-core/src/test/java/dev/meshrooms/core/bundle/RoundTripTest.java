package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Export → verify → import round trip")
class RoundTripTest {
    private MeshCore source;
    private MeshCore target;
    private Room room;
    private byte[] bundle;
    private byte[] picture;
    private User alice;

    @BeforeAll
    void setUp() {
        // the source reads its media from the store's files (as Mesh-Lite does), the sharded room's own bucket included
        source = TestMesh.startReadingObjectFiles();
        target = TestMesh.start();
        alice = source.users().create("alice", "Alice");
        User bob = source.users().create("bob", "Bob");
        room = source.shardedRooms()
                .create(new NewRoom("garden", "Garden <club> & \"friends\"", Visibility.PUBLIC), alice.id(), null);
        Message first = source.messages().send(room.id(), alice.id(), "hello garden", null);
        Message reply = source.messages().send(room.id(), bob.id(), "hi alice\nsecond line, ünïcode 🌱", first.id());
        source.messages().edit(room.id(), reply.id(), bob.id(), "hi alice!\nsecond line, ünïcode 🌱 (edited)");
        Message withPicture = source.messages().send(room.id(), alice.id(), "a picture", null);
        picture = new byte[200_000];
        new Random(3).nextBytes(picture);
        var item = source.media()
                .attach(
                        room,
                        withPicture.id(),
                        "pic.png",
                        "image/png",
                        new ByteArrayInputStream(picture),
                        picture.length);
        Room sharded = source.rooms().findById(room.id()).orElseThrow();
        assertThat(TestS3.objects()
                        .resolve(source.media().bucketFor(sharded))
                        .resolve(source.media().storageKey(sharded, item.objectKey())))
                .as("the picture is a file in the room's own bucket folder, where the export reads it")
                .hasBinaryContent(picture);
        source.messages()
                .send(
                        room.id(),
                        bob.id(),
                        "see https://cdn.old-mesh.example/" + room.id() + "/" + item.objectKey()
                                + " and https://elsewhere.example/x",
                        null);
        bundle = export(source, room);
    }

    @AfterAll
    void tearDown() {
        source.close();
        target.close();
    }

    static byte[] export(MeshCore mesh, Room room) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mesh.exporter("https://old-mesh.example").export(room.id(), out, ProgressListener.NONE);
        return out.toByteArray();
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    @Test
    @DisplayName("verify reads the whole bundle and reports room, counts and authors")
    void verifies() {
        BundleReport report = source.verifier().verify(in(bundle), "room.tar.zst", ProgressListener.NONE);
        assertThat(report.ok()).as(report.problem()).isTrue();
        assertThat(report.messages()).isEqualTo(4);
        assertThat(report.mediaFiles()).isEqualTo(1);
        assertThat(report.mediaBytes()).isEqualTo(picture.length);
        assertThat(report.authors()).hasSize(2);
        assertThat(report.roomId()).isEqualTo(room.id());
    }

    @Test
    @DisplayName("import into another instance: same messages, authors as ghosts, media bytes equal, 100% signatures")
    void importsElsewhere() throws Exception {
        ImportResult result = target.importer()
                .importBundle(in(bundle), "room.tar.zst", new ImportOptions(true, null), ProgressListener.NONE);
        assertThat(result.roomId()).isNotEqualTo(room.id());
        assertThat(result.slug()).isIn("garden", "garden-2");
        assertThat(result.mapping().users())
                .allSatisfy(u -> assertThat(u.ghost()).isTrue());
        assertThat(result.signatureCheck()).isEqualTo(ImportOptions.SignatureCheck.KNOWN_AUTHORS);
        assertThat(result.signaturesChecked())
                .as("every author is new here: their keys came with the bundle")
                .isZero();
        var signatures = target.messages().verify(result.roomId());
        assertThat(signatures.checked()).isEqualTo(4);
        assertThat(signatures.valid())
                .as("100% of the original signatures verify in the imported room")
                .isEqualTo(4);

        List<MessageView> original =
                source.messages().page(room.id(), null, 100).messages();
        List<MessageView> imported =
                target.messages().page(result.roomId(), null, 100).messages();
        assertThat(imported).hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
            assertThat(imported.get(i).author().handle())
                    .isEqualTo(original.get(i).author().handle());
            assertThat(imported.get(i).message().createdAt())
                    .isEqualTo(original.get(i).message().createdAt());
            assertThat(imported.get(i).message().originalId())
                    .isEqualTo(original.get(i).message().id());
        }
        assertThat(imported.get(0).message().body())
                .startsWith("see /media/" + result.roomId() + "/")
                .contains("https://elsewhere.example/x");
        assertThat(imported.get(0).message().signedBody())
                .isEqualTo(original.get(0).message().body());
        assertThat(imported.get(2).message().body())
                .isEqualTo(original.get(2).message().body())
                .endsWith("(edited)");
        assertThat(imported.get(2).message().editedAt())
                .isEqualTo(original.get(2).message().editedAt())
                .isNotNull();
        assertThat(imported.get(2).message().replyTo())
                .isEqualTo(imported.get(3).message().id());
        assertThat(result.remainingLinks()).isEmpty();

        Room importedRoom = target.rooms().findById(result.roomId()).orElseThrow();
        assertThat(importedRoom.name()).isEqualTo(room.name());
        var media = imported.get(1).media().get(0);
        assertThat(media.url()).isEqualTo("/media/" + result.roomId() + "/" + media.objectKey());
        try (InputStream bytes = target.internals()
                .mediaStore()
                .open(
                        target.media().bucketFor(importedRoom),
                        target.media().storageKey(importedRoom, media.objectKey()))) {
            assertThat(bytes.readAllBytes()).isEqualTo(picture);
        }
    }

    @Test
    @DisplayName("import into the same instance: colliding ids and the slug are translated, same key means same user")
    void importsIntoItself() {
        BundleReport.Translation before = source.importer()
                .dryRun(in(bundle), "room.tar.zst", ProgressListener.NONE)
                .translation();
        ImportResult copy = source.importer()
                .importBundle(in(bundle), "room.tar.zst", new ImportOptions(true, null), ProgressListener.NONE);
        assertThat(copy.mapping().messages())
                .as("the shard's ids are free in the global schema")
                .isEmpty();
        assertThat(before.messageIdsTaken()).as("the dry run said so").isZero();
        assertThat(before.mediaIdsTaken()).isZero();
        BundleReport.Translation preview = source.importer()
                .dryRun(in(bundle), "room.tar.zst", ProgressListener.NONE)
                .translation();
        assertThat(preview.messageIdsTaken()).as("the copy holds them now").isEqualTo(4);
        assertThat(preview.mediaIdsTaken()).isEqualTo(1);
        assertThat(preview.slugChanged()).isTrue();
        assertThat(preview.matchedAuthors()).containsExactlyInAnyOrder("alice", "bob");
        ImportResult result = source.importer()
                .importBundle(in(bundle), "room.tar.zst", new ImportOptions(true, null), ProgressListener.NONE);
        assertThat(result.slug()).startsWith("garden-").isNotEqualTo(copy.slug());
        assertThat(result.mapping().messages()).hasSize(4);
        assertThat(result.mapping().media()).hasSize(1);
        assertThat(result.mapping().users()).allSatisfy(u -> {
            assertThat(u.ghost()).isFalse();
            assertThat(u.to()).isEqualTo(u.from());
        });
        assertThat(result.signaturesChecked())
                .as("every author is a user here: all their messages are checked")
                .isEqualTo(4);
        assertThat(result.signaturesValid()).isEqualTo(4);
        assertThat(source.messages().verify(room.id()).allValid()).isTrue();
    }

    @Test
    @DisplayName(
            "an altered signature is imported as it is and reported: the import's check agrees with verifying the room")
    void alteredSignatureReported() {
        byte[] altered = BundleBuilder.from(bundle)
                .dbSql(RoundTripTest::withOneSignatureAltered)
                .rehash()
                .build();
        MeshCore fresh = TestMesh.start();
        try {
            ImportResult result = fresh.importer()
                    .importBundle(
                            in(altered),
                            "altered.tar.zst",
                            new ImportOptions(true, null, ImportOptions.SignatureCheck.ALL),
                            ProgressListener.NONE);
            assertThat(result.signaturesChecked()).isEqualTo(4);
            assertThat(result.signaturesValid()).isEqualTo(3);
            var report = fresh.messages().verify(result.roomId());
            assertThat(report.checked()).isEqualTo(4);
            assertThat(report.valid()).isEqualTo(3);
            assertThat(report.invalidMessageIds()).hasSize(1);
            ImportResult unchecked = fresh.importer()
                    .importBundle(
                            in(altered),
                            "altered.tar.zst",
                            new ImportOptions(true, null, ImportOptions.SignatureCheck.NONE),
                            ProgressListener.NONE);
            assertThat(unchecked.signaturesChecked())
                    .as("SignatureCheck.NONE skips the check")
                    .isZero();
            assertThat(fresh.messages().verify(unchecked.roomId()).valid()).isEqualTo(3);
        } finally {
            fresh.close();
        }
    }

    @Test
    @DisplayName(
            "by default the import checks the messages of authors known here: a forged one under a user's name is reported")
    void knownAuthorsChecked() {
        byte[] altered = BundleBuilder.from(bundle)
                .dbSql(RoundTripTest::withOneSignatureAltered)
                .rehash()
                .build();
        MeshCore fresh = TestMesh.start();
        try {
            ImportResult first = fresh.importer()
                    .importBundle(in(altered), "altered.tar.zst", new ImportOptions(true, null), ProgressListener.NONE);
            assertThat(first.signaturesChecked())
                    .as("alice and bob are new here")
                    .isZero();
            // now alice and bob are users here (the ghosts of their keys): the same bundle's messages are all checked
            ImportResult second = fresh.importer()
                    .importBundle(in(altered), "altered.tar.zst", new ImportOptions(true, null), ProgressListener.NONE);
            assertThat(second.mapping().users())
                    .allSatisfy(u -> assertThat(u.ghost()).isFalse());
            assertThat(second.signaturesChecked()).isEqualTo(4);
            assertThat(second.signaturesValid()).isEqualTo(3);
            assertThat(fresh.messages().verify(second.roomId()).invalidMessageIds())
                    .hasSize(1);
        } finally {
            fresh.close();
        }
    }

    /** Flips one hex digit of the first message's signature (a bytea {@code \\x...} field of the messages COPY). */
    private static String withOneSignatureAltered(String sql) {
        String[] lines = sql.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("COPY ") && lines[i].contains(".messages (")) {
                List<String> columns = List.of(lines[i].substring(lines[i].indexOf('(') + 1, lines[i].indexOf(')'))
                        .split(",\\s*"));
                String[] fields = lines[i + 1].split("\t", -1);
                int at = columns.indexOf("signature");
                char last = fields[at].charAt(fields[at].length() - 1);
                fields[at] = fields[at].substring(0, fields[at].length() - 1) + (last == '0' ? '1' : '0');
                lines[i + 1] = String.join("\t", fields);
                return String.join("\n", lines);
            }
        }
        throw new IllegalArgumentException("no messages COPY in db.sql");
    }

    @Test
    @DisplayName("an author whose id is taken here by a user with another key becomes a ghost with a new id")
    void takenIdWithAnotherKey() {
        byte[] otherKey = dev.meshrooms.core.signature.Ed25519Keys.rawPublicKey(
                dev.meshrooms.core.signature.Ed25519Keys.generate().getPublic());
        byte[] changed = BundleBuilder.from(bundle)
                .metadata(m -> m.withArray("authors").forEach(a -> {
                    if (a.get("handle").asText().equals("alice")) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) a)
                                .put("publicKey", java.util.Base64.getEncoder().encodeToString(otherKey));
                    }
                }))
                .build();
        MeshCore fresh = TestMesh.start();
        try {
            // alice's id is taken here first by the ghost of her real key
            fresh.importer()
                    .importBundle(in(bundle), "room.tar.zst", new ImportOptions(true, null), ProgressListener.NONE);
            ImportResult result = fresh.importer()
                    .importBundle(in(changed), "changed.tar.zst", new ImportOptions(true, null), ProgressListener.NONE);
            IdMapping.UserPair ghost = result.mapping().users().stream()
                    .filter(u -> u.handle().equals("alice"))
                    .findFirst()
                    .orElseThrow();
            IdMapping.UserPair bob = result.mapping().users().stream()
                    .filter(u -> u.handle().equals("bob"))
                    .findFirst()
                    .orElseThrow();
            assertThat(ghost.ghost()).isTrue();
            assertThat(ghost.from()).isEqualTo(alice.id());
            assertThat(ghost.to()).isNotEqualTo(alice.id());
            assertThat(bob.ghost()).as("same key, same user").isFalse();
            assertThat(bob.to()).isEqualTo(bob.from());
            assertThat(fresh.users().findById(ghost.to()).orElseThrow().publicKey())
                    .isEqualTo(otherKey);
            // only bob is known here, so only his two messages are checked during the import ...
            assertThat(result.signaturesChecked()).isEqualTo(2);
            assertThat(result.signaturesValid()).isEqualTo(2);
            // ... alice's two were signed with her real key, not the one this bundle claims
            assertThat(fresh.messages().verify(result.roomId()).valid()).isEqualTo(2);
            ImportResult all = fresh.importer()
                    .importBundle(
                            in(changed),
                            "changed.tar.zst",
                            new ImportOptions(true, null, ImportOptions.SignatureCheck.ALL),
                            ProgressListener.NONE);
            assertThat(all.signaturesChecked()).isEqualTo(4);
            assertThat(all.signaturesValid()).isEqualTo(2);
        } finally {
            fresh.close();
        }
    }

    @Test
    @DisplayName("a link to the source's media that the bundle lacks is left as it is and reported")
    void remainingLinkReported() {
        String gone = "https://cdn.old-mesh.example/" + room.id() + "/gone.png";
        byte[] changed = BundleBuilder.from(bundle)
                .dbSql(sql -> sql.replace("https://elsewhere.example/x", gone))
                .rehash()
                .build();
        MeshCore fresh = TestMesh.start();
        try {
            ImportResult result = fresh.importer()
                    .importBundle(in(changed), "changed.tar.zst", new ImportOptions(true, null), ProgressListener.NONE);
            assertThat(result.remainingLinks()).containsExactly(gone);
        } finally {
            fresh.close();
        }
    }

    @Test
    @DisplayName("a bundle imported before is refused, naming the room, unless asNew")
    void duplicateRefused() throws Exception {
        MeshCore fresh = TestMesh.start();
        try {
            User admin = fresh.users().create("admin", "Admin");
            ImportResult first = fresh.importer()
                    .importBundle(
                            in(bundle), "room.tar.zst", new ImportOptions(false, admin.id()), ProgressListener.NONE);
            assertHistory(fresh, first, admin);
            assertThatThrownBy(() -> fresh.importer()
                            .importBundle(
                                    in(bundle), "room.tar.zst", new ImportOptions(false, null), ProgressListener.NONE))
                    .isInstanceOfSatisfying(
                            MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_IMPORTED))
                    .hasMessageContaining(first.slug())
                    .hasMessageEndingWith("; nothing was imported.")
                    .hasMessageNotContaining("--as-new")
                    .hasMessageNotContaining("asNew");
            assertThat(fresh.rooms().list()).hasSize(1);
            assertThat(fresh.importer()
                            .importBundle(
                                    in(bundle), "room.tar.zst", new ImportOptions(true, null), ProgressListener.NONE)
                            .roomId())
                    .isNotEqualTo(first.roomId());
        } finally {
            fresh.close();
        }
    }

    /** The import_history row of an import: rooms, source, the bundle's SHA-256, who and when, counts and the mapping. */
    private void assertHistory(MeshCore mesh, ImportResult result, User admin) throws Exception {
        try (Connection c = mesh.internals().pools().global().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT room_id, original_room_id, source_url, source_instance_id, bundle_sha256,"
                                + " imported_by, imported_at, counts::text, mapping::text FROM mesh.import_history")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject("room_id", UUID.class)).isEqualTo(result.roomId());
            assertThat(rs.getObject("original_room_id", UUID.class)).isEqualTo(room.id());
            assertThat(rs.getString("source_url")).isEqualTo("https://old-mesh.example");
            assertThat(rs.getString("source_instance_id")).isNotBlank();
            assertThat(rs.getBytes("bundle_sha256"))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(bundle));
            assertThat(rs.getObject("imported_by", UUID.class)).isEqualTo(admin.id());
            assertThat(rs.getTimestamp("imported_at").toInstant())
                    .isBetween(Instant.now().minusSeconds(60), Instant.now());
            JsonNode counts = MeshCore.json().readTree(rs.getString("counts"));
            assertThat(counts.get("messages").asLong()).isEqualTo(4);
            assertThat(counts.get("media").asLong()).isEqualTo(1);
            assertThat(counts.get("users").asLong()).isEqualTo(2);
            JsonNode mapping = MeshCore.json().readTree(rs.getString("mapping"));
            assertThat(mapping.at("/room/from").asText()).isEqualTo(room.id().toString());
            assertThat(mapping.at("/room/to").asText())
                    .isEqualTo(result.roomId().toString());
            assertThat(mapping.get("users")).hasSize(2);
            assertThat(rs.next()).as("one row per import").isFalse();
        }
    }

    @Test
    @DisplayName("a bundle of an older room schema (v1, before signed_body) is staged at v1 and migrated forward")
    void olderSchemaMigratesForward() {
        byte[] v1 = BundleBuilder.from(bundle)
                .metadata(m -> m.put("schemaVersion", 1))
                .dbSql(RoundTripTest::withoutSignedBody)
                .rehash()
                .build();
        BundleReport report = target.verifier().verify(in(v1), "v1.tar.zst", ProgressListener.NONE);
        assertThat(report.ok()).as(report.problem()).isTrue();
        assertThat(report.schemaVersion()).isEqualTo(1);
        ImportResult result = target.importer()
                .importBundle(
                        in(v1),
                        "v1.tar.zst",
                        new ImportOptions(true, null, ImportOptions.SignatureCheck.ALL),
                        ProgressListener.NONE);
        assertThat(result.messages()).isEqualTo(4);
        assertThat(result.signaturesChecked()).isEqualTo(4);
        assertThat(result.signaturesValid()).isEqualTo(4);
        assertThat(target.messages().page(result.roomId(), null, 10).messages()).hasSize(4);
    }

    /**
     * db.sql as a v1 exporter wrote it: the messages COPY without the signed_body column, the media COPY without the
     * pictures' width and height.
     */
    static String withoutSignedBody(String sql) {
        StringBuilder out = new StringBuilder();
        boolean inMessages = false;
        boolean inMedia = false;
        for (String line : sql.split("\n", -1)) {
            if (line.startsWith("COPY ") && line.contains(".messages (")) {
                inMessages = true;
                line = line.replace(", signed_body)", ")");
            } else if (line.startsWith("COPY ") && line.contains(".media (")) {
                inMedia = true;
                line = line.replace(", width, height)", ")");
            } else if (line.equals("\\.")) {
                inMessages = false;
                inMedia = false;
            } else if (inMessages) {
                line = line.substring(0, line.lastIndexOf('\t'));
            } else if (inMedia) {
                line = line.substring(0, line.lastIndexOf('\t'));
                line = line.substring(0, line.lastIndexOf('\t'));
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
