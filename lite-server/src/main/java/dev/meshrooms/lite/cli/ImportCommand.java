package dev.meshrooms.lite.cli;

import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.bundle.ImportResult;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.lite.config.LiteSettings;
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
        name = "import",
        mixinStandardHelpOptions = true,
        description =
                "Import a room bundle (room_<id>.tar.zst) as a new room, with a progress bar. Works whether or not the server runs.")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Parameters(paramLabel = "FILE", description = "The bundle.")
    Path file;

    @Option(
            names = "--mapping-out",
            paramLabel = "FILE",
            description =
                    "Where to write the old→new id mapping (default: room_<newid>.mapping.json beside the bundle).")
    Path mappingOut;

    @Option(
            names = "--as-new",
            description = "Import even if this bundle was imported here before (an independent copy).")
    boolean asNew;

    @Option(names = "--json", description = "Print the import result as JSON.")
    boolean json;

    @Option(
            names = "--skip-signature-check",
            description = "Check no message's Ed25519 signature during the import. "
                    + "By default the import checks the messages of authors who are users here already (same public key); the "
                    + "others' keys come with the bundle, and their messages are checked where they are shown. Check them all "
                    + "later with 'mesh-lite verify --room SLUG'. Hashes and sizes are checked either way.")
    boolean skipSignatureCheck;

    @Option(
            names = "--check-all-signatures",
            description =
                    "Check every message's Ed25519 signature during the import, "
                            + "also those of authors new here (~30 µs of CPU per message: a million take some 17 s more on two cores).")
    boolean checkAllSignatures;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(file) || Files.isDirectory(file)) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT, file + ": no such file; give the path of a room_<id>.tar.zst bundle");
        }
        ImportOptions.SignatureCheck signatures = ImportOptions.SignatureCheck.fromSwitches(
                checkAllSignatures, "--check-all-signatures", skipSignatureCheck, "--skip-signature-check");
        try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
            ImportResult result;
            try (InputStream in = new BufferedInputStream(new java.io.FileInputStream(file.toFile()), 1 << 16)) {
                result = runtime.core()
                        .importer()
                        .importBundle(
                                in,
                                file.getFileName().toString(),
                                // into a shard of its own or the shared tables as the instance's rule has it
                                new ImportOptions(
                                        asNew, runtime.core().admin().user().id(), signatures),
                                bar);
            } catch (MeshException e) {
                bar.finish();
                if (e.code() == ErrorCode.ALREADY_IMPORTED) {
                    throw new MeshException(
                            e.code(),
                            e.getMessage()
                                    + " To import an independent copy beside it, run the same command with --as-new.",
                            e);
                }
                throw e;
            } catch (RuntimeException e) {
                bar.finish();
                throw e;
            }
            Path mapping = mappingOut != null
                    ? mappingOut
                    : file.toAbsolutePath().resolveSibling("room_" + result.roomId() + ".mapping.json");
            PrettyJson.WRITER.writeValue(mapping.toFile(), result.mapping());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(PrettyJson.WRITER.writeValueAsString(result));
            } else {
                out.printf(
                        "Imported %s as room %s (%s): %d messages, %d media files (%s)%n",
                        file.getFileName(),
                        result.slug(),
                        result.roomId(),
                        result.messages(),
                        result.mediaFiles(),
                        ByteSizes.human(result.mediaBytes()));
                if (result.shardSchema() != null) {
                    out.printf(
                            "  in a shard of its own: schema %s and a bucket of its own (see MESH_IMPORT_SHARDED)%n",
                            result.shardSchema());
                }
                if (!result.slug().equals(result.mapping().slug().from())) {
                    out.printf(
                            "  the slug %s was taken here: the room is %s%n",
                            result.mapping().slug().from(), result.slug());
                }
                out.println("  signatures: " + signatures(result));
                out.printf(
                        "  ids translated: %d messages, %d media; %d authors (%d new ghost profiles)%n",
                        result.mapping().messages().size(),
                        result.mapping().media().size(),
                        result.mapping().users().size(),
                        result.mapping().users().stream().filter(u -> u.ghost()).count());
                result.remainingLinks().forEach(l -> out.println("  still links to the old instance: " + l));
                out.printf("  id mapping: %s%n", mapping);
                out.println(whereToOpen(runtime, result.slug()));
            }
            out.flush();
        }
        return 0;
    }

    /** Where the room can be seen: the running server's address, or how to start one on this data directory. */
    private String whereToOpen(LiteRuntime runtime, String slug) {
        return runtime.servingUrl()
                .map(url -> "  open: " + url + "/room/" + slug)
                .orElseGet(() -> {
                    LiteSettings settings = runtime.settings();
                    String serve =
                            "mesh-lite serve" + (dataDir.dataDir == null ? "" : " --data-dir " + settings.dataDir());
                    return "  no server runs on this data directory: start it with `" + serve + "`, then open "
                            + settings.baseUrl(settings.port()) + "/room/" + slug;
                });
    }

    /** One line on what the import's signature check covered. */
    private static String signatures(ImportResult result) {
        String later = "mesh-lite verify --room " + result.slug();
        long others = result.messages() - result.signaturesChecked();
        return switch (result.signatureCheck()) {
            case NONE -> "not checked (--skip-signature-check); check them with: " + later;
            case ALL -> result.signaturesValid() + " of " + result.signaturesChecked() + " verify";
            case KNOWN_AUTHORS ->
                (result.signaturesChecked() == 0
                                ? "none checked during the import"
                                : result.signaturesValid() + " of " + result.signaturesChecked()
                                        + " by authors known here verify")
                        + (others == 0
                                ? ""
                                : "; " + others + " by authors new here, whose keys came with the bundle, are checked"
                                        + " where the room shows them, or all at once with: " + later);
        };
    }
}
