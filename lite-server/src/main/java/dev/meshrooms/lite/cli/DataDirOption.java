package dev.meshrooms.lite.cli;

import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir DIR}, shared by every command. */
final class DataDirOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where Mesh-Lite keeps its database, media and keys (default: MESH_DATA_DIR, else the OS user-data dir, e.g. ~/.local/share/mesh-lite).")
    Path dataDir;

    LiteSettings settings(Integer port) {
        return LiteSettings.from(System.getenv(), dataDir, port);
    }
}
