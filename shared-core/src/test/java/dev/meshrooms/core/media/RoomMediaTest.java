package dev.meshrooms.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.MediaItem;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.TestMesh;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("RoomMedia on the S3-compatible store")
class RoomMediaTest {
    private MeshCore mesh;
    private User dana;

    @BeforeAll
    void start() {
        mesh = TestMesh.start();
        dana = mesh.users().create("dana", "Dana");
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    @Test
    @DisplayName("stores bytes with their SHA-256 and hands out a stable path and a working presigned URL")
    void attachAndPresign() throws Exception {
        Room room = mesh.roomService().create(new NewRoom("pics", "Pics", Visibility.PUBLIC), dana.id());
        var message = mesh.messages().send(room.id(), dana.id(), "a picture", null);
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        MediaItem item = mesh.media()
                .attach(room, message.id(), "photo.png", "image/png", new ByteArrayInputStream(bytes), bytes.length);

        assertThat(item.url()).isEqualTo("/media/" + room.id() + "/" + item.objectKey());
        assertThat(item.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));
        var url = mesh.media().presignedUrl(room, item.objectKey());
        assertThat(url.getQuery()).contains("X-Amz-Signature");
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
        assertThat(mesh.internals().stores().forRoom(room.id()).mediaBytes()).isEqualTo(bytes.length);
    }

    @Test
    @DisplayName(
            "the store serves pictures in place and page types (HTML, SVG, unknown) as downloads, as the signed URL says")
    void presignedDisposition() throws Exception {
        Room room = mesh.roomService().create(new NewRoom("files", "Files", Visibility.PUBLIC), dana.id());
        var message = mesh.messages().send(room.id(), dana.id(), "files", null);
        byte[] bytes = "<html><script>alert(1)</script></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String[] file : java.util.List.of(
                new String[] {"a.html", "text/html", "application/octet-stream", "attachment"},
                new String[] {"b.svg", "image/svg+xml", "application/octet-stream", "attachment"},
                new String[] {"c.png", "image/png", "image/png", "inline"},
                new String[] {"d.pdf", "application/pdf", "application/pdf", "inline"})) {
            MediaItem item = mesh.media()
                    .attach(room, message.id(), file[0], file[1], new ByteArrayInputStream(bytes), bytes.length);
            var delivery = mesh.media().deliver(room, item.objectKey());
            assertThat(delivery.redirect())
                    .as("an S3 store is reached by redirect")
                    .isNotNull();
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(delivery.redirect()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(file[0])
                    .hasValue(file[2]);
            assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                    .as(file[0])
                    .startsWith(file[3]);
        }
    }

    @Test
    @DisplayName("refuses unsafe file names and unknown keys")
    void refusals() {
        Room room = mesh.roomService().create(new NewRoom("pics-2", "Pics", Visibility.PUBLIC), dana.id());
        assertThatThrownBy(() -> mesh.media()
                        .attach(room, null, "../etc/passwd", "text/plain", new ByteArrayInputStream(new byte[1]), 1))
                .hasMessageContaining("fileName");
        assertThatThrownBy(() -> mesh.media().presignedUrl(room, "nope/nothing.png"))
                .hasMessageContaining("no media");
    }
}
