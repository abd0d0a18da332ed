package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An export checks every object against its recorded SHA-256")
class ExportIntegrityTest {

    @Test
    @DisplayName(
            "read from the store's files (Mesh-Lite's embedded store): a changed or cut object stops the export, named")
    void changedFileIsRefused() throws Exception {
        try (MeshCore mesh = TestMesh.startReadingObjectFiles()) {
            assertThat(mesh.internals().mediaStore().readsLocalFiles()).isTrue();
            Stored stored = roomWithPicture(mesh, "files");
            Path file = TestS3.objects()
                    .resolve(mesh.media().bucketFor(stored.room()))
                    .resolve(
                            mesh.media().storageKey(stored.room(), stored.item().objectKey()));
            assertThat(export(mesh, stored.room()).length)
                    .as("the untouched room exports")
                    .isPositive();

            byte[] changed = Files.readAllBytes(file);
            changed[changed.length / 2] ^= 1; // same size, one bit flipped: bit rot on the disk
            Files.write(file, changed);

            assertThatThrownBy(() -> export(mesh, stored.room()))
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining(stored.item().objectKey())
                    .hasMessageContaining("recorded SHA-256");

            Files.write(
                    file, java.util.Arrays.copyOf(changed, changed.length - 100)); // cut short: a disk that filled up
            assertThatThrownBy(() -> export(mesh, stored.room()))
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining(stored.item().objectKey())
                    .hasMessageContaining("is " + (changed.length - 100) + " bytes in the store but " + changed.length);
        }
    }

    @Test
    @DisplayName("fetched ahead over the S3 API: an object replaced behind Mesh's back stops the export, named")
    void replacedObjectIsRefused() {
        try (MeshCore mesh = TestMesh.start()) {
            assertThat(mesh.internals().mediaStore().readsLocalFiles()).isFalse();
            Stored stored = roomWithPicture(mesh, "api");
            assertThat(export(mesh, stored.room()).length)
                    .as("the untouched room exports")
                    .isPositive();

            byte[] other = new byte[(int) stored.item().size()];
            new Random(11).nextBytes(other);
            mesh.internals()
                    .mediaStore()
                    .put(
                            mesh.media().bucketFor(stored.room()),
                            mesh.media().storageKey(stored.room(), stored.item().objectKey()),
                            new ByteArrayInputStream(other),
                            other.length,
                            "image/png");

            assertThatThrownBy(() -> export(mesh, stored.room()))
                    .isInstanceOf(MeshException.class)
                    .hasMessageContaining(stored.item().objectKey())
                    .hasMessageContaining("recorded SHA-256");
        }
    }

    private record Stored(Room room, MediaItem item) {}

    private static Stored roomWithPicture(MeshCore mesh, String slug) {
        User alice = mesh.users().create("alice-" + slug, "Alice");
        Room room =
                mesh.roomService().create(new NewRoom("integrity-" + slug, "Integrity", Visibility.PUBLIC), alice.id());
        var message = mesh.messages().send(room.id(), alice.id(), "a picture", null);
        byte[] picture = new byte[120_000];
        new Random(5).nextBytes(picture);
        MediaItem item = mesh.media()
                .attach(room, message.id(), "pic.png", "image/png", new ByteArrayInputStream(picture), picture.length);
        return new Stored(mesh.rooms().findById(room.id()).orElseThrow(), item);
    }

    private static byte[] export(MeshCore mesh, Room room) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mesh.exporter("https://mesh.example").export(room.id(), out, ProgressListener.NONE);
        return out.toByteArray();
    }
}
