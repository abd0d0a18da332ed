package dev.meshrooms.desktop.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the desktop app keeps its own files: {@code settings.json} in the user's config folder
 * ($XDG_CONFIG_HOME/mesh-lite, else ~/.config/mesh-lite on Linux; ~/Library/Application Support/Mesh-Lite on macOS;
 * %APPDATA%\Mesh-Lite on Windows) and, on Linux only, the XDG autostart entry
 * ($XDG_CONFIG_HOME/autostart/mesh-lite.desktop). A null autostart file means the OS is not supported.
 */
public record DesktopPaths(Path settingsFile, Path autostartFile) {
    public static final String XDG_CONFIG_HOME = "XDG_CONFIG_HOME";
    public static final String AUTOSTART_NAME = "mesh-lite.desktop";

    /** Where cloud tokens go when the OS has no credential store that answers: beside settings.json, mode 600. */
    public Path credentialsFile() {
        return settingsFile.resolveSibling("cloud-tokens.json");
    }

    public static DesktopPaths from(Map<String, String> env) {
        return from(env, System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    public static DesktopPaths from(Map<String, String> env, String osName, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return new DesktopPaths(
                    (appData != null ? Path.of(appData) : home)
                            .resolve("Mesh-Lite")
                            .resolve("settings.json"),
                    null);
        }
        if (os.contains("mac")) {
            return new DesktopPaths(home.resolve("Library/Application Support/Mesh-Lite/settings.json"), null);
        }
        String xdg = env.get(XDG_CONFIG_HOME);
        // the XDG spec: a relative XDG_CONFIG_HOME is invalid and is ignored
        Path config =
                xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return new DesktopPaths(
                config.resolve("mesh-lite").resolve("settings.json"),
                config.resolve("autostart").resolve(AUTOSTART_NAME));
    }
}
