package dev.meshrooms.desktop.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("One app per data directory; later launches hand their files over a loopback socket")
class HandoffTest {
    private DataDirectory dir;
    private AppInstance owner;
    private final List<Handoff> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void own() throws Exception {
        dir = new DataDirectory(TempDirs.create("mesh-handoff"));
        owner = AppInstance.tryAcquire(dir).orElseThrow();
    }

    @AfterEach
    void release() {
        owner.close();
    }

    @Test
    @DisplayName("a second claim on the same directory fails while the first holds it, and succeeds after it closed")
    void oneOwner() {
        assertThat(AppInstance.tryAcquire(dir)).isEmpty();
        owner.close();
        AppInstance next = AppInstance.tryAcquire(dir).orElseThrow();
        next.close();
        owner = AppInstance.tryAcquire(dir).orElseThrow();
    }

    @Test
    @DisplayName(
            "hands absolute paths to the owner, which publishes its port and token in a private desktop.properties")
    void handsFilesOver() throws Exception {
        owner.listen(received::add);
        assertThat(Files.getPosixFilePermissions(dir.desktopFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        int taken = new HandoffClient(dir, Duration.ofSeconds(10))
                .send(List.of(Path.of("rel/room_1.tar.zst"), Path.of("/abs/room_2.tar.zst")));

        assertThat(taken).isEqualTo(2);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).files())
                .containsExactly(Path.of("rel/room_1.tar.zst").toAbsolutePath(), Path.of("/abs/room_2.tar.zst"));
        assertThat(new HandoffClient(dir, Duration.ofSeconds(10)).send(List.of()))
                .isZero();
        assertThat(received.get(1).files()).isEmpty();
    }

    @Test
    @DisplayName("refuses a connection without the token, and takes nothing from it")
    void wrongToken() throws Exception {
        owner.listen(received::add);
        Properties published = new Properties();
        try (var r = Files.newBufferedReader(dir.desktopFile())) {
            published.load(r);
        }
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(published.getProperty("port")))) {
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            out.write(HandoffServer.HELLO + "\nnot-the-token\nopen /tmp/evil.tar.zst\nend\n");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(answer).startsWith("error ").contains("wrong token");
        }
        assertThat(received).isEmpty();
    }

    @Test
    @DisplayName("a later launch that finds no listening owner gives up with a sentence saying what to do")
    void ownerNotListening() {
        assertThatThrownBy(() -> new HandoffClient(dir, Duration.ofMillis(300)).send(List.of(Path.of("/x.tar.zst"))))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("already runs on " + dir.root())
                .hasMessageContaining("quit it and open them again");
    }

    @Test
    @DisplayName("closing the owner removes desktop.properties")
    void closeUnpublishes() {
        owner.listen(received::add);
        assertThat(dir.desktopFile()).exists();
        owner.close();
        assertThat(dir.desktopFile()).doesNotExist();
        owner = AppInstance.tryAcquire(dir).orElseThrow();
    }
}
