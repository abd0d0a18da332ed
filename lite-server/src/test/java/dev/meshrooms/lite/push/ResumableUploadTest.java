package dev.meshrooms.lite.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The push's tus client: a stopped upload leaves what arrived on the server, ready to go on at once")
class ResumableUploadTest {

    @Test
    void stopAndGoOn() throws Exception {
        try (LiteServer server = TestServers.start(false)) {
            Http http = new Http(server.baseUrl());
            String token = http.post("/api/tokens", TestServers.ADMIN_TOKEN, Http.json(Map.of("scope", "import")))
                    .json()
                    .get("token")
                    .asText();
            Path file = TempDirs.create("mesh-upload").resolve("bundle.bin");
            byte[] bytes = new byte[16 << 20];
            new Random(1).nextBytes(bytes);
            Files.write(file, bytes);
            ResumableUpload tus = new ResumableUpload(token);
            URI upload =
                    tus.create(URI.create(server.baseUrl() + "/api/uploads"), bytes.length, Map.of("filename", "b"));

            AtomicLong read = new AtomicLong();
            assertThatThrownBy(() ->
                            tus.send(upload, file, 0, bytes.length, read::addAndGet, () -> read.get() >= (1 << 20)))
                    .hasRootCauseInstanceOf(InterruptedIOException.class);
            long deadline = System.nanoTime() + 3_000_000_000L;
            OptionalLong offset = OptionalLong.empty();
            while (System.nanoTime() < deadline) {
                try {
                    offset = tus.offset(upload);
                    break;
                } catch (ResumableUpload.Refused busy) {
                    assertThat(busy.status)
                            .as("only 'busy' while the cut request ends")
                            .isEqualTo(423);
                    Thread.sleep(100);
                }
            }
            assertThat(offset)
                    .as("the upload is free again within 3 s of the stop")
                    .isPresent();
            long at = offset.getAsLong();
            assertThat(at).isLessThan(bytes.length);
            assertThat(tus.send(upload, file, at, bytes.length, n -> {}, () -> false))
                    .isEqualTo(bytes.length);
            try (var in = server.runtime()
                    .bundleSpool()
                    .open(
                            upload.getPath().substring(upload.getPath().lastIndexOf('/') + 1),
                            "token:"
                                    + server.runtime()
                                            .core()
                                            .tokens()
                                            .authenticate(token)
                                            .orElseThrow()
                                            .tokenId())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }
    }
}
