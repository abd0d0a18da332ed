package dev.meshrooms.desktop.settings;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Path;

/**
 * What the user chose in Settings, kept in {@code settings.json}: the data directory (null: Mesh-Lite's default),
 * the room server's port, whether to start the room server at login, and the theme. Command-line flags and
 * MESH_DATA_DIR / MESH_PORT win over the first two.
 */
public record DesktopSettings(Path dataDir, int port, boolean startAtLogin, Theme theme) {
    public static final DesktopSettings DEFAULTS =
            new DesktopSettings(null, LiteSettings.DEFAULT_PORT, false, Theme.LIGHT);

    public DesktopSettings {
        theme = theme == null ? Theme.LIGHT : theme;
    }

    public DesktopSettings validate() {
        if (port < 1 || port > 65535) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "Server port: " + port + " is not a TCP port; choose one from 1 to 65535 (default "
                            + LiteSettings.DEFAULT_PORT + ")");
        }
        if (dataDir != null && !dataDir.isAbsolute()) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "Data directory: " + dataDir + " is not an absolute path; choose a folder");
        }
        return this;
    }

    public DesktopSettings withTheme(Theme next) {
        return new DesktopSettings(dataDir, port, startAtLogin, next);
    }
}
