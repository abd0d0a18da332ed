package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.BulkMessages;
import dev.meshrooms.core.testing.TestMesh;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bundle of an older room schema loads into staging tables made by that version's migrations, whose messages keep
 * their primary key. Two COPYs into such a table could wait on each other for a repeated id (the later one waits for
 * the earlier one's transaction, which the importer ends only after it): such a load goes through one COPY.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("An older bundle's messages into a staging table with keys")
class OlderSchemaLoadTest {
    /** The size of the messages StagingCopy sends (64 KiB). */
    private static final int MESSAGE_BYTES = 1 << 16;

    private MeshCore source;
    private MeshCore target;
    private byte[] bundle;

    @BeforeAll
    void setUp() throws Exception {
        source = TestMesh.start();
        target = TestMesh.start(); // the default pool: two COPYs for this version's bundles
        User alice = source.users().create("alice", "Alice");
        Room room = source.roomService().create(new NewRoom("older", "Older", Visibility.PUBLIC), alice.id());
        Message first = source.messages().send(room.id(), alice.id(), "first", null);
        BulkMessages.copies(source, room, first, 3_000, 0);
        bundle = RoundTripTest.export(source, room);
    }

    @AfterAll
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    @DisplayName("a repeated message id, first in one 64 KiB message and again in the next, is refused, not waited on")
    void repeatedIdAcrossMessagesRefused() {
        byte[] v1 = BundleBuilder.from(bundle)
                .metadata(m -> m.put("schemaVersion", 1))
                .dbSql(sql -> repeatIdAcrossMessages(RoundTripTest.withoutSignedBody(sql)))
                .rehash()
                .build();
        assertTimeoutPreemptively(
                Duration.ofSeconds(90),
                () -> assertThatThrownBy(() -> target.importer()
                                .importBundle(
                                        new ByteArrayInputStream(v1),
                                        "v1.tar.zst",
                                        new ImportOptions(true, null),
                                        ProgressListener.NONE))
                        .isInstanceOfSatisfying(
                                MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUNDLE_INVALID))
                        .hasMessageContaining("messages"));
        assertThat(target.rooms().list()).isEmpty();
    }

    /**
     * The first row of the messages' third 64 KiB message gets the id of the first row of the second (rows packed as
     * StagingCopy packs them): with two COPYs, the second message goes to the second COPY and the third to the first.
     */
    private static String repeatIdAcrossMessages(String sql) {
        String[] lines = sql.split("\n", -1);
        List<Integer> firstRows = new ArrayList<>();
        int used = 0;
        boolean inMessages = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("COPY ") && line.contains(".messages (")) {
                inMessages = true;
                firstRows.add(i + 1);
            } else if (inMessages && line.equals("\\.")) {
                inMessages = false;
            } else if (inMessages) {
                int length = line.getBytes(StandardCharsets.UTF_8).length;
                if (used + length + 1 > MESSAGE_BYTES) {
                    firstRows.add(i);
                    used = 0;
                }
                used += length + 1;
            }
        }
        assertThat(firstRows)
                .as("the messages fill more than two 64 KiB messages")
                .hasSizeGreaterThan(2);
        String id = lines[firstRows.get(1)].substring(0, lines[firstRows.get(1)].indexOf('\t'));
        String later = lines[firstRows.get(2)];
        lines[firstRows.get(2)] = id + later.substring(later.indexOf('\t'));
        return String.join("\n", lines);
    }
}
