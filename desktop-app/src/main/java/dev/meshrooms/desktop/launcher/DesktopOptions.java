package dev.meshrooms.desktop.launcher;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code [--data-dir DIR] [--port PORT] [BUNDLE...]}. Without flags the app uses Mesh-Lite's
 * data directory and port (MESH_DATA_DIR / MESH_PORT, else the OS default and 3000), so it sees the same rooms.
 */
public record DesktopOptions(Path dataDir, Integer port, List<Path> bundles) {

    public static DesktopOptions parse(List<String> args) {
        Path dataDir = null;
        Integer port = null;
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
            } else {
                bundles.add(Path.of(arg));
            }
        }
        return new DesktopOptions(dataDir, port, List.copyOf(bundles));
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MeshException(ErrorCode.CONFIGURATION, "--port: \"" + value + "\" is not a whole number");
        }
    }

    public LiteSettings settings(Map<String, String> env) {
        return LiteSettings.from(env, dataDir, port);
    }
}
