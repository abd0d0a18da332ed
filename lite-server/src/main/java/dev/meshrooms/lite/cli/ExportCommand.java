package dev.meshrooms.lite.cli;

import dev.meshrooms.core.bundle.BundleMetadata;
import dev.meshrooms.core.bundle.BundleNames;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.lite.runtime.LiteRuntime;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a room as room_<id>.tar.zst (metadata.json, db.sql, media/), with a progress bar.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Parameters(paramLabel = "ROOM", description = "The room's slug or id.")
    String room;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where to write the bundle (default: room_<id>.tar.zst here).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
            Room target = runtime.core().rooms().require(room);
            Path file = output != null ? output : Path.of(BundleNames.fileName(target.id()));
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
            BundleMetadata metadata;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                metadata = runtime.core()
                        .exporter(runtime.settings().baseUrl(runtime.settings().port()))
                        .export(target.id(), out, bar);
            } catch (RuntimeException | java.io.IOException e) {
                // a failed export (or a full disk closing the file) leaves no half-written bundle behind
                bar.finish();
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Exported room %s: %d messages, %d media files → %s (%s)%n",
                            target.slug(),
                            metadata.counts().messages(),
                            metadata.counts().media(),
                            file,
                            ByteSizes.human(Files.size(file)));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
