package dev.meshrooms.lite.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.BulkMessages;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Requests wait their turn, but a slow sender or a slow reader holds no turn (one worker)")
class WorkQueueTest {
    private LiteServer server;
    private Http http;
    private URI base;
    private String member;

    @BeforeAll
    void start() {
        server = TestServers.start(TestServers.newDataDir(), Map.of(Environment.HTTP_WORKERS, "1"), true);
        http = new Http(server.baseUrl());
        base = URI.create(server.baseUrl().replace("localhost", "127.0.0.1"));
        member = http.newMember("demo", "turns");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("while a message's body trickles in, other requests are answered at once; then it is stored")
    void slowSenderWaitsOutside() throws Exception {
        byte[] body = "{\"body\":\"hello, slowly\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/sendMessage HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: Bearer "
                            + member + "\r\nx-room-id: demo\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 8);
            out.flush();
            long until = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
            int answered = 0;
            while (System.nanoTime() < until) {
                long t = System.nanoTime();
                assertThat(http.get("/api/fetchMessages?roomId=demo&limit=5", member)
                                .status())
                        .isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - t).toMillis())
                        .as("a read while another member's body is on its way")
                        .isLessThan(1_000);
                answered++;
            }
            assertThat(answered).isGreaterThan(1);
            out.write(body, 8, body.length - 8);
            out.flush();
            String status = readLine(s.getInputStream());
            assertThat(status).startsWith("HTTP/1.1 201");
        }
    }

    @Test
    @DisplayName("while a client does not read its big answer, other requests are answered at once")
    void slowReaderHoldsNoTurn() throws Exception {
        MeshCore core = server.runtime().core();
        Room wide = core.roomService()
                .create(
                        new NewRoom("wide", "Wide", Visibility.PUBLIC),
                        core.admin().user().id());
        Message one = core.messages().send(wide.id(), core.admin().user().id(), "first", null);
        BulkMessages.copies(core, wide, one, 600, 30_000);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            s.getOutputStream()
                    .write(("GET /api/fetchMessages?roomId=wide&limit=1000 HTTP/1.1\r\nHost: " + base.getAuthority()
                                    + "\r\nAuthorization: Bearer " + member + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            // its ~18 MB answer fills the socket's buffers; the reader takes none of it
            Thread.sleep(1_500);
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                assertThat(http.get("/api/fetchMessages?roomId=demo&limit=5", member)
                                .status())
                        .isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - t).toMillis())
                        .as("a read while another client does not read its answer")
                        .isLessThan(1_000);
            }
            assertThat(http.get("/metrics", null).body()).contains("mesh_http_requests_working 0.0");
            assertThat(readLine(s.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
