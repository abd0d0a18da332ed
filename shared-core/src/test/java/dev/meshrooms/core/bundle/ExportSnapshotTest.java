package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.BulkMessages;
import dev.meshrooms.core.testing.TestMesh;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Export while the room is written to")
class ExportSnapshotTest {

    @Test
    @DisplayName("holds exactly the messages committed before its snapshot: no gaps, no halves, counts match")
    void consistentSnapshot() throws Exception {
        try (MeshCore mesh = TestMesh.start()) {
            User writer = mesh.users().create("writer", "Writer");
            Room room = mesh.roomService().create(new NewRoom("busy", "Busy room", Visibility.PUBLIC), writer.id());
            List<UUID> committed = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 50; i++) {
                committed.add(mesh.messages()
                        .send(room.id(), writer.id(), "before " + i, null)
                        .id());
            }
            exportWhileSending(mesh, room, writer, committed);
        }
    }

    @Test
    @DisplayName("of a big sharded room, its messages read in parts at the same time: each message once, same snapshot")
    void consistentSnapshotInParts() throws Exception {
        try (MeshCore mesh = TestMesh.start()) {
            User writer = mesh.users().create("writer", "Writer");
            Room room = mesh.shardedRooms()
                    .create(new NewRoom("big-busy", "Big busy room", Visibility.PUBLIC), writer.id(), null);
            List<UUID> committed =
                    Collections.synchronizedList(new ArrayList<>(BulkMessages.fill(mesh, room, writer.id(), 12_000)));
            exportWhileSending(mesh, room, writer, committed, 2);
        }
    }

    /** Exports the room four times while a writer sends messages, and checks each bundle against the commit order. */
    private static void exportWhileSending(MeshCore mesh, Room room, User writer, List<UUID> committed)
            throws Exception {
        exportWhileSending(mesh, room, writer, committed, RoomExporter.COPY_PARTS);
    }

    private static void exportWhileSending(MeshCore mesh, Room room, User writer, List<UUID> committed, int parts)
            throws Exception {
        int before = committed.size();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch firstFile = new CountDownLatch(1);
        Thread sender = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                UUID id = mesh.messages()
                        .send(room.id(), writer.id(), "during " + i, null)
                        .id();
                committed.add(id);
                if (i % 5
                        == 0) { // a file now and then: its row and its object come into a bundle together or not at all
                    byte[] file = ("file of message " + i).getBytes(StandardCharsets.UTF_8);
                    mesh.media()
                            .attach(
                                    room,
                                    id,
                                    "during-" + i + ".txt",
                                    "text/plain",
                                    new ByteArrayInputStream(file),
                                    file.length);
                    firstFile.countDown();
                }
            }
        });
        sender.start();
        List<byte[]> bundles = new ArrayList<>();
        try {
            assertThat(firstFile.await(30, TimeUnit.SECONDS))
                    .as("the writer attached a file")
                    .isTrue();
            for (int i = 0; i < 4; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                mesh.exporter("http://localhost").withCopyParts(parts).export(room.id(), out, ProgressListener.NONE);
                bundles.add(out.toByteArray());
            }
        } finally {
            stop.set(true);
            sender.join();
        }
        List<UUID> all = new ArrayList<>(committed);
        int previous = 0;
        long mediaSeen = 0;
        for (byte[] bundle : bundles) {
            BundleMetadata metadata = null;
            List<UUID> ids = new ArrayList<>();
            try (TarArchiveInputStream tar =
                    new TarArchiveInputStream(new ZstdInputStream(new ByteArrayInputStream(bundle)))) {
                for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (entry.getName().equals(BundleNames.METADATA)) {
                        metadata =
                                MeshCore.json().readValue(tar.readNBytes((int) entry.getSize()), BundleMetadata.class);
                    } else if (entry.getName().equals(BundleNames.DB_SQL)) {
                        ids.addAll(messageIds(new String(tar.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
            assertThat(metadata).isNotNull();
            assertThat(metadata.authors())
                    .as("the authors, collected from the rows copied")
                    .extracting(BundleMetadata.Author::id)
                    .containsExactly(writer.id());
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(metadata.counts().messages()).isEqualTo(ids.size());
            assertThat(ids)
                    .as("a prefix of the commit order")
                    .containsExactlyInAnyOrderElementsOf(all.subList(0, ids.size()));
            assertThat(ids.size()).isGreaterThanOrEqualTo(previous);
            previous = ids.size();
            // every media row's message and file in the bundle, every hash right: the dry run's checks
            BundleReport report =
                    mesh.verifier().verify(new ByteArrayInputStream(bundle), "busy.tar.zst", ProgressListener.NONE);
            assertThat(report.ok()).as(report.problem()).isTrue();
            assertThat(report.mediaFiles())
                    .isEqualTo(metadata.media().size())
                    .isEqualTo(metadata.counts().media());
            mediaSeen = Math.max(mediaSeen, report.mediaFiles());
        }
        assertThat(previous).as("messages arrived during the exports").isGreaterThan(before);
        assertThat(mediaSeen).as("files in the bundles").isPositive();
    }

    private static List<UUID> messageIds(String dbSql) throws Exception {
        List<UUID> ids = new ArrayList<>();
        boolean inMessages = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(dbSql.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("COPY ") && line.contains(".messages ")) {
                    inMessages = true;
                } else if (line.equals("\\.")) {
                    inMessages = false;
                } else if (inMessages) {
                    ids.add(UUID.fromString(line.substring(0, line.indexOf('\t'))));
                }
            }
        }
        return ids;
    }
}
