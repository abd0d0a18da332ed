package dev.meshrooms.lite.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.meshrooms.core.message.SignatureReport;
import dev.meshrooms.core.room.Room;
import dev.meshrooms.lite.http.MeshLiteApp;
import dev.meshrooms.lite.runtime.LiteRuntime;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the authorship signature of every message of a room. Exit code 0 when all verify, 3 otherwise.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Option(names = "--room", paramLabel = "ROOM", required = true, description = "The room's slug or id.")
    String room;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
            Room target = runtime.core().rooms().require(room);
            SignatureReport report = runtime.core().messages().verify(target.id());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(MeshLiteApp.objectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                out.printf("%s: %d of %d message signatures verify%n", target.slug(), report.valid(), report.checked());
                report.invalidMessageIds().forEach(id -> out.println("  does not verify: message " + id));
            }
            out.flush();
            return report.allValid() ? 0 : 3;
        }
    }
}
