package dev.meshrooms.core.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.BulkMessages;
import dev.meshrooms.core.testing.TestMesh;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A snapshot reads a big room's messages in parts on several connections")
class RoomSnapshotPartsTest {
    /** Rows of ~1 KB: enough to pass the size from which a shard's table is read in parts. */
    private static final int ROWS = 12_000;

    private MeshCore mesh;
    private User alice;
    private User bob;
    private Room big;
    private Set<UUID> loaded;

    @BeforeAll
    void start() throws SQLException {
        mesh = TestMesh.start();
        alice = mesh.users().create("alice", "Alice");
        bob = mesh.users().create("bob", "Bob");
        big = mesh.shardedRooms().create(new NewRoom("big", "Big room", Visibility.PUBLIC), alice.id(), null);
        loaded = new HashSet<>(BulkMessages.fill(mesh, big, alice.id(), ROWS));
        assertThat(BulkMessages.tableBytes(mesh, big))
                .as("the table is big enough to be read in parts")
                .isGreaterThan(PostgresRoomSnapshot.SPLIT_MIN_BYTES);
        assertThat(loaded).hasSize(ROWS);
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    @Test
    @DisplayName("two parts, both written, hold every row of the snapshot once and none written after it began")
    void partsHoldTheSnapshot() {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        UUID[] later = new UUID[1];
        List<Set<UUID>> authors = new ArrayList<>();
        long rows = mesh.internals().stores().forRoom(big).snapshot(s -> {
            s.media(); // the snapshot begins with its first query
            later[0] = mesh.messages()
                    .send(big.id(), bob.id(), "sent after the snapshot began", null)
                    .id();
            long copied = s.copyMessages(List.of(first, second));
            authors.add(s.authorIds());
            return copied;
        });
        assertThat(authors.get(0))
                .as("the authors of the rows copied, not bob's later message's")
                .containsExactly(alice.id());
        List<UUID> a = ids(first);
        List<UUID> b = ids(second);
        assertThat(a).as("first part").isNotEmpty();
        assertThat(b)
                .as("second part, read by another connection at the same time")
                .isNotEmpty();
        List<UUID> all = new ArrayList<>(a);
        all.addAll(b);
        assertThat(rows).isEqualTo(ROWS);
        assertThat(all).hasSize(ROWS).doesNotHaveDuplicates().doesNotContain(later[0]);
        assertThat(new HashSet<>(all)).isEqualTo(loaded);
    }

    @Test
    @DisplayName("a room in the shared tables is read by one connection, oldest first, whatever the parts offered")
    void sharedTablesInOnePart() {
        Room plain = mesh.roomService()
                .create(
                        new NewRoom(
                                "plain-" + UUID.randomUUID().toString().substring(0, 8), "Plain", Visibility.PUBLIC),
                        alice.id());
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(mesh.messages()
                    .send(plain.id(), alice.id(), "message " + i, null)
                    .id());
        }
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        long rows = mesh.internals().stores().forRoom(plain).snapshot(s -> s.copyMessages(List.of(first, second)));
        assertThat(rows).isEqualTo(5);
        assertThat(ids(first)).containsExactlyElementsOf(sent);
        assertThat(second.size()).isZero();
    }

    private static List<UUID> ids(ByteArrayOutputStream copy) {
        List<UUID> ids = new ArrayList<>();
        for (String line : copy.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                ids.add(UUID.fromString(line.substring(0, line.indexOf('\t'))));
            }
        }
        return ids;
    }
}
