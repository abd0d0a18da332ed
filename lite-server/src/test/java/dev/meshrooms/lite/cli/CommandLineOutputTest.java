package dev.meshrooms.lite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.TestServers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a new user reads: the exact output of the commands in the moments that used to go wrong. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The command line's own words")
class CommandLineOutputTest {
    private LiteServer source;
    private Path bundle;

    @BeforeAll
    void exportDemo() throws Exception {
        source = TestServers.start(true);
        bundle = TempDirs.create("mesh-cli-output").resolve("demo.tar.zst");
        HttpResponse<Path> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(source.baseUrl() + "/api/room/demo/export"))
                                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(bundle));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        source.close();
    }

    @Test
    @DisplayName("serve --help gives the real default port")
    void serveHelp() {
        Cli help = Cli.run("serve", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("""
                      --port=PORT      HTTP port (default: MESH_PORT, else 3000; 0 takes any
                                         free port).
                """).doesNotContain("null");
    }

    @Test
    @DisplayName(
            "a port in use: one sentence naming --port and MESH_PORT, exit 2, before PostgreSQL or the store start")
    void portInUse() throws Exception {
        Path dir = TestServers.newDataDir();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            Cli serve = Cli.run("serve", "--port", Integer.toString(port), "--data-dir", dir.toString());
            assertThat(serve.exit()).isEqualTo(2);
            assertThat(serve.err())
                    .isEqualTo("mesh-lite serve: port " + port + " on 127.0.0.1 is in use by another program:"
                            + " choose another with --port PORT or MESH_PORT, or stop the program that holds it.\n");
            assertThat(serve.out()).isEmpty();
        }
        assertThat(dir.resolve("postgres")).as("PostgreSQL was never started").doesNotExist();
        assertThat(dir.resolve("objects")).as("the store was never started").doesNotExist();
    }

    @Test
    @DisplayName("an unknown command: the one meant, and the list")
    void unknownCommand() {
        Cli start = Cli.run("start");
        assertThat(start.exit()).isEqualTo(2);
        assertThat(start.err())
                .isEqualTo(
                        "mesh-lite: there is no command 'start'. Did you mean 'serve'? Commands: serve,"
                                + " rooms, export, import, push, verify, tokens, migrate (mesh-lite --help says what each does).\n");
        assertThat(Cli.run("improt").err())
                .startsWith("mesh-lite: there is no command 'improt'. Did you mean 'import'?");
        assertThat(Cli.run("frobnicate").err())
                .startsWith("mesh-lite: there is no command 'frobnicate'. Commands: serve,");
    }

    @Test
    @DisplayName("verify: the bar ends at 100%, no Java list, no 'give --data-dir' when it was given")
    void verifyOutput() {
        Path nowhere = TestServers.newDataDir().resolve("none");
        Cli verify = Cli.run("verify", bundle.toString(), "--data-dir", nowhere.toString());
        assertThat(verify.exit()).as(verify.err()).isZero();
        String lastBar = verify.err().substring(verify.err().lastIndexOf('\r') + 1);
        assertThat(lastBar).matches("done {6}\\[#{30}\\] 100%  ([0-9.]+ KiB) of \\1 {3}\n");
        assertThat(verify.out())
                .doesNotContain("[]")
                .doesNotContain("give --data-dir")
                .contains("\n  db.sql: 8 schema statements ignored (a bundle's SQL is never run)\n")
                .endsWith("\n  no Mesh-Lite installation in " + nowhere + "\n");
    }

    @Test
    @DisplayName("a dry run of a damaged bundle says it would be refused, not that nothing was imported")
    void dryRunWording() throws Exception {
        Path damaged = TempDirs.create("mesh-cli-damaged").resolve("damaged.tar.zst");
        byte[] bytes = Files.readAllBytes(bundle);
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Cli verify = Cli.run("verify", damaged.toString());
        assertThat(verify.exit()).isEqualTo(4);
        assertThat(verify.out())
                .startsWith("damaged.tar.zst: REFUSED — ")
                .endsWith(".\n")
                .doesNotContain("imported");
        Cli importing = Cli.run(
                "import",
                damaged.toString(),
                "--data-dir",
                TestServers.newDataDir().toString());
        assertThat(importing.exit()).isEqualTo(4);
        assertThat(importing.err()).contains("; nothing was imported.");
    }

    @Test
    @DisplayName("import into a data directory no server serves: how to serve it, not a URL nobody answers")
    void importWithoutServer() {
        Path dir = TestServers.newDataDir();
        Cli imported = Cli.run(
                "import",
                bundle.toString(),
                "--data-dir",
                dir.toString(),
                "--skip-signature-check",
                "--mapping-out",
                dir.resolveSibling(dir.getFileName() + ".mapping.json").toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out())
                .as("a small room goes into the shared tables on the embedded default")
                .doesNotContain("shard")
                .endsWith("\n  no server runs on this data directory: start it with `mesh-lite serve" + " --data-dir "
                        + dir + "`, then open http://localhost:3000/room/demo\n");
        String lastBar = imported.err().substring(imported.err().lastIndexOf('\r') + 1);
        assertThat(lastBar).startsWith("done      [##############################] 100%");

        Cli again = Cli.run("import", bundle.toString(), "--data-dir", dir.toString());
        assertThat(again.exit()).isEqualTo(4);
        assertThat(again.err())
                .endsWith("; nothing was imported. To import an independent copy beside it, run the same"
                        + " command with --as-new.\n");
    }

    @Test
    @DisplayName("import while the server runs: the server's own address; a re-import over HTTP names ?asNew=true")
    void importBesideServer() throws Exception {
        Path dir = TestServers.newDataDir();
        try (LiteServer server = TestServers.start(dir, Map.of(), false)) {
            Cli imported = Cli.run(
                    "import",
                    bundle.toString(),
                    "--data-dir",
                    dir.toString(),
                    "--skip-signature-check",
                    "--mapping-out",
                    dir.resolveSibling(dir.getFileName() + ".mapping.json").toString());
            assertThat(imported.exit()).as(imported.err()).isZero();
            assertThat(imported.out()).endsWith("\n  open: " + server.baseUrl() + "/room/demo\n");

            HttpResponse<String> again = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(server.baseUrl() + "/api/importRoom?filename=demo.tar.zst"))
                                    .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                                    .header("Content-Type", "application/zstd")
                                    .POST(HttpRequest.BodyPublishers.ofFile(bundle))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(409);
            JsonNode error = new ObjectMapper().readTree(again.body());
            assertThat(error.at("/type").asText()).isEqualTo("already-imported");
            assertThat(error.at("/details").asText())
                    .endsWith("; nothing was imported. To import an independent copy"
                            + " beside it, send the bundle again with ?asNew=true.")
                    .doesNotContain("--as-new");
        }
    }
}
