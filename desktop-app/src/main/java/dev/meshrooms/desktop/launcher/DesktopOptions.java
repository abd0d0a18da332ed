package dev.meshrooms.desktop.launcher;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.desktop.settings.DesktopSettings;
import dev.meshrooms.desktop.settings.LaunchCommand;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code [--data-dir DIR] [--port PORT] [--autostart] [BUNDLE...]}. The data directory and port
 * come from the flags, else MESH_DATA_DIR / MESH_PORT, else Settings (settings.json), else Mesh-Lite's defaults (the
 * OS's data folder and 3000), so by default the app sees the same rooms as {@code mesh-lite.jar}. {@code --autostart}
 * (what the login entry runs) starts the room server and, where there is a tray, stays in it.
 */
public record DesktopOptions(Path dataDir, Integer port, boolean autostart, List<Path> bundles) {

    public static DesktopOptions parse(List<String> args) {
        Path dataDir = null;
        Integer port = null;
        boolean autostart = false;
        List<Path> bundles = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--data-dir") || arg.equals("--port")) {
                if (i + 1 >= args.size()) {
                    throw new MeshException(ErrorCode.CONFIGURATION, arg + ": give a value after it");
                }
                String value = args.get(++i);
                if (arg.equals("--data-dir")) {
                    dataDir = Path.of(value);
                } else {
                    port = port(value);
                }
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--port=")) {
                port = port(arg.substring("--port=".length()));
            } else if (arg.equals(LaunchCommand.AUTOSTART_FLAG)) {
                autostart = true;
            } else {
                bundles.add(Path.of(arg));
            }
        }
        return new DesktopOptions(dataDir, port, autostart, List.copyOf(bundles));
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MeshException(ErrorCode.CONFIGURATION, "--port: \"" + value + "\" is not a whole number");
        }
    }

    public LiteSettings settings(Map<String, String> env) {
        return settings(env, DesktopSettings.DEFAULTS);
    }

    /** Flags over the environment over what Settings saved over the defaults. */
    public LiteSettings settings(Map<String, String> env, DesktopSettings saved) {
        Path dir = dataDir != null ? dataDir : isSet(env, Environment.DATA_DIR) ? null : saved.dataDir();
        Integer p = port != null ? port : isSet(env, Environment.PORT) ? null : Integer.valueOf(saved.port());
        return LiteSettings.from(env, dir, p);
    }

    private static boolean isSet(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }
}
