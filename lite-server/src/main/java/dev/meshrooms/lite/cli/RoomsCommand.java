package dev.meshrooms.lite.cli;

import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.model.RoomSummary;
import dev.meshrooms.lite.json.RoomJson;
import dev.meshrooms.lite.runtime.LiteRuntime;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "rooms",
        mixinStandardHelpOptions = true,
        description = "List the rooms of this Mesh-Lite (works whether or not the server is running).")
final class RoomsCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Option(names = "--json", description = "Print an array of room records as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
            var core = runtime.core();
            List<RoomSummary> rooms = core.rooms().list().stream()
                    .map(core.roomService()::summary)
                    .toList();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(PrettyJson.WRITER.writeValueAsString(
                        rooms.stream().map(RoomJson::of).toList()));
            } else if (rooms.isEmpty()) {
                out.println("No rooms yet. Run `serve --demo` for a demo room, or import a bundle.");
            } else {
                out.printf(
                        "%-36s  %-24s  %-9s  %8s  %10s  %s%n", "ID", "SLUG", "VISIBLE", "MESSAGES", "MEDIA", "WHERE");
                for (RoomSummary s : rooms) {
                    var r = s.room();
                    out.printf(
                            "%-36s  %-24s  %-9s  %8d  %10s  %s%n",
                            r.id(),
                            r.slug(),
                            r.visibility().dbValue(),
                            s.messageCount(),
                            ByteSizes.human(s.mediaBytes()),
                            r.isSharded() ? "shard " + r.shardSchema() : "global");
                }
            }
            out.flush();
        }
        return 0;
    }
}
