package dev.meshrooms.desktop.settings;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The XDG autostart entry ({@code ~/.config/autostart/mesh-lite.desktop}): desktop sessions that follow the XDG
 * Autostart spec (GNOME, KDE, Xfce, …) run its {@code Exec} line at login.
 */
public final class XdgAutostart implements Autostart {
    private final Path file;
    private final LaunchCommand command;

    public XdgAutostart(Path file, LaunchCommand command) {
        this.file = file;
        this.command = command;
    }

    public Path file() {
        return file;
    }

    @Override
    public boolean supported() {
        return true;
    }

    @Override
    public String unsupportedReason() {
        return null;
    }

    @Override
    public boolean enabled() {
        return Files.isRegularFile(file);
    }

    @Override
    public void enable() {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, entry());
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "could not write " + file + " (" + e.getMessage() + "); Mesh-Lite will not start at login",
                    e);
        }
    }

    @Override
    public void disable() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "could not delete " + file + " (" + e.getMessage()
                            + "); delete it yourself to stop Mesh-Lite starting at login",
                    e);
        }
    }

    /** The desktop entry: runs the app with {@code --autostart} (start the room server, stay in the tray). */
    String entry() {
        String exec = command.withArgument(LaunchCommand.AUTOSTART_FLAG).arguments().stream()
                .map(XdgAutostart::quote)
                .collect(Collectors.joining(" "));
        return "[Desktop Entry]\n"
                + "Type=Application\n"
                + "Name=Mesh-Lite\n"
                + "Comment=Start the Mesh-Lite room server at login\n"
                + "Exec=" + exec + "\n"
                + "Terminal=false\n"
                + "X-GNOME-Autostart-enabled=true\n";
    }

    /** An Exec argument per the Desktop Entry spec: quoted when it holds reserved characters, with escapes. */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> " \t\n\"'\\><~|&;$*?#()`=%".indexOf(c) >= 0)) {
            return arg;
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : arg.toCharArray()) {
            if (c == '"' || c == '`' || c == '$' || c == '\\') {
                out.append('\\');
            }
            if (c == '%') {
                out.append('%');
            }
            out.append(c);
        }
        return out.append('"').toString().replace("\\", "\\\\");
    }
}
