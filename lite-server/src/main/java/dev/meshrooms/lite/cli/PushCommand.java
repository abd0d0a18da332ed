package dev.meshrooms.lite.cli;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.push.CloudPush;
import dev.meshrooms.lite.push.PushOptions;
import dev.meshrooms.lite.push.PushResult;
import dev.meshrooms.lite.runtime.LiteRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Push a room to a Mesh cloud: export it (reused while the room has not changed), upload it resumably,"
                    + " follow the cloud's import to its end, and write the cloud's id mapping as"
                    + " room_<cloud id>.mapping.json here.",
            "Run it again after a dropped connection or Ctrl+C: it goes on from where the upload stopped."
        })
final class PushCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Parameters(paramLabel = "ROOM", description = "The room's slug or id.")
    String room;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "URL",
            description = "The cloud's address, e.g. https://mesh.example.org")
    String to;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "A file holding the cloud's import token (default: the MESH_PUSH_TOKEN variable).")
    Path tokenFile;

    @Option(names = "--as-new", description = "Import a second copy even if the cloud has this bundle already.")
    boolean asNew;

    @ArgGroup(exclusive = true)
    Sharding sharding;

    static final class Sharding {
        @Option(names = "--sharded", description = "Import straight into a new shard of its own.")
        boolean sharded;

        @Option(names = "--no-sharded", description = "Import into the cloud's shared tables.")
        boolean notSharded;
    }

    @Option(
            names = "--mapping-out",
            paramLabel = "FILE",
            description = "Where to write the cloud's old→new id mapping (default: room_<cloud id>.mapping.json here).")
    Path mappingOut;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String token = token();
        Boolean sharded = sharding == null ? null : sharding.sharded ? Boolean.TRUE : Boolean.FALSE;
        try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
            CloudPush push = new CloudPush(
                    runtime.core(),
                    runtime.dataDir().pushes(),
                    runtime.settings().baseUrl(runtime.settings().port()));
            Thread main = Thread.currentThread();
            Thread stop = new Thread(() -> {
                push.cancel();
                main.interrupt();
            });
            Runtime.getRuntime().addShutdownHook(stop);
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
            PushResult result;
            try {
                result = push.push(
                        room,
                        to,
                        token,
                        new PushOptions(asNew, sharded),
                        mappingOut != null ? mappingOut : Path.of("").toAbsolutePath(),
                        bar);
            } catch (RuntimeException e) {
                bar.finish();
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl+C: the hook runs
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(PrettyJson.WRITER.writeValueAsString(result));
            } else {
                out.printf(
                        "Pushed room %s to %s: room %s (%s), %d messages, %d media files%n",
                        room, to, result.slug(), result.cloudRoomId(), result.messages(), result.mediaFiles());
                out.printf(
                        "  bundle %s (%s), %s sent this time%n",
                        result.exportReused() ? "reused from the last push" : "exported",
                        ByteSizes.human(result.bundleBytes()),
                        ByteSizes.human(result.bytesSent()));
                out.printf(
                        "  signatures checked on the cloud: %d of %d verify%n",
                        result.signaturesValid(), result.signaturesChecked());
                out.printf("  id mapping: %s%n", result.mappingFile());
                out.printf("  open: %s%n", result.roomUrl());
            }
            out.flush();
        }
        return 0;
    }

    private String token() throws IOException {
        String token;
        if (tokenFile != null) {
            if (!Files.isReadable(tokenFile)) {
                throw MeshException.invalid("--token-file", tokenFile + " cannot be read");
            }
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } else {
            token = System.getenv(Environment.PUSH_TOKEN);
        }
        if (token == null || token.isBlank()) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "no token for the cloud: give --token-file FILE or set " + Environment.PUSH_TOKEN
                            + " (an import token from the cloud's admin: POST /api/tokens {\"scope\":\"import\"})");
        }
        return token;
    }
}
