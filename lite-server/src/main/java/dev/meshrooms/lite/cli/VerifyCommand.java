package dev.meshrooms.lite.cli;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.bundle.BundleLimits;
import dev.meshrooms.core.bundle.BundleReport;
import dev.meshrooms.core.bundle.BundleVerifier;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.SignatureReport;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.DataDirectory;
import dev.meshrooms.lite.runtime.LiteRuntime;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "verify FILE: read a whole room bundle and check its structure, versions, every hash and its rows (a dry"
                    + " run: nothing is written, no server needed); with an installation in the data dir, also what an import"
                    + " there would translate. Exit code 0 when the bundle is sound, 4 when it would be refused.",
            "verify --room ROOM: check the authorship signature of every message of a room. Exit code 0 when all verify, 3 otherwise."
        })
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "A room bundle (room_<id>.tar.zst).")
    Path file;

    @Option(names = "--room", paramLabel = "ROOM", description = "A room's slug or id, to check its signatures.")
    String room;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((file == null) == (room == null)) {
            throw new MeshException(ErrorCode.INVALID_INPUT, "give either a bundle FILE or --room ROOM");
        }
        return file != null ? verifyBundle() : verifyRoom();
    }

    private int verifyBundle() throws Exception {
        if (!Files.exists(file) || Files.isDirectory(file)) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT, file + ": no such file; give the path of a room_<id>.tar.zst bundle");
        }
        LiteSettings settings = dataDir.settings(null);
        boolean installed = settings.externalDatabase() != null || DataDirectory.holdsDatabase(settings.dataDir());
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
        BundleReport report;
        try (InputStream in = new BufferedInputStream(new java.io.FileInputStream(file.toFile()), 1 << 16)) {
            if (installed) {
                // what an import into this installation would translate: its slugs, users and earlier imports
                try (LiteRuntime runtime = LiteRuntime.start(settings)) {
                    report = runtime.core()
                            .importer()
                            .dryRun(in, file.getFileName().toString(), bar);
                }
            } else {
                report = new BundleVerifier(BundleLimits.defaults(), MeshCore.json())
                        .verify(in, file.getFileName().toString(), bar);
            }
        }
        if (report.ok()) {
            bar.complete();
        } else {
            bar.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(PrettyJson.WRITER.writeValueAsString(report));
        } else if (report.ok()) {
            out.printf(
                    "%s: OK, would import%n  room %s \"%s\" (%s) from %s%n  format v%d, room schema v%d%n"
                            + "  %d messages, %d media files (%s), authors: %s%n  sha256 %s%n",
                    file.getFileName(),
                    report.slug(),
                    report.name(),
                    report.roomId(),
                    report.sourceUrl(),
                    report.formatVersion(),
                    report.schemaVersion(),
                    report.messages(),
                    report.mediaFiles(),
                    ByteSizes.human(report.mediaBytes()),
                    String.join(", ", report.authors()),
                    report.bundleSha256());
            if (report.ignoredStatements() > 0) {
                out.printf(
                        "  db.sql: %d schema statements ignored (a bundle's SQL is never run)%n",
                        report.ignoredStatements());
            }
            if (!report.skippedTables().isEmpty()) {
                out.printf(
                        "  db.sql: data of %s skipped (not part of a room)%n",
                        String.join(", ", report.skippedTables()));
            }
            if (report.partialChecks() != null) {
                out.printf("  rows: %s%n", report.partialChecks());
            }
            printTranslation(out, report.translation(), settings, dataDir.dataDir != null);
        } else {
            out.printf("%s: REFUSED — %s%n", file.getFileName(), report.problem());
        }
        out.flush();
        return report.ok() ? ErrorCode.Exit.OK : ErrorCode.BUNDLE_INVALID.exitCode();
    }

    /** What an import into the installation of --data-dir would change, or that there is none to ask. */
    private static void printTranslation(
            PrintWriter out, BundleReport.Translation t, LiteSettings settings, boolean dataDirGiven) {
        if (t == null) {
            out.printf(
                    "  no Mesh-Lite installation in %s%s%n",
                    settings.dataDir(),
                    dataDirGiven
                            ? ""
                            : ": give --data-dir DIR (or set MESH_DATA_DIR) to see what an import into another one would translate");
            return;
        }
        out.printf("  an import here: room %s%s%n", t.slug(), t.slugChanged() ? " (the slug is taken here)" : "");
        if (!t.matchedAuthors().isEmpty()) {
            out.printf(
                    "    authors who are users here already (same key): %s%n", String.join(", ", t.matchedAuthors()));
        }
        if (!t.ghostAuthors().isEmpty()) {
            out.printf(
                    "    authors new here (ghost profiles with their key): %s%n", String.join(", ", t.ghostAuthors()));
        }
        if (t.messageIdsTaken() > 0 || t.mediaIdsTaken() > 0) {
            out.printf(
                    "    ids taken here already, which get new ones: %d messages, %d media%n",
                    t.messageIdsTaken(), t.mediaIdsTaken());
        }
        if (t.alreadyImportedAs() != null) {
            out.printf(
                    "    refused: this bundle was imported here already as %s; import it again with --as-new%n",
                    t.alreadyImportedAs());
        }
    }

    private int verifyRoom() throws Exception {
        try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
            Room target = runtime.core().rooms().require(room);
            SignatureReport report = runtime.core().messages().verify(target.id());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(PrettyJson.WRITER.writeValueAsString(report));
            } else {
                out.printf("%s: %d of %d message signatures verify%n", target.slug(), report.valid(), report.checked());
                report.invalidMessageIds().forEach(id -> out.println("  does not verify: message " + id));
            }
            out.flush();
            return report.allValid() ? ErrorCode.Exit.OK : ErrorCode.SIGNATURE_INVALID.exitCode();
        }
    }
}
