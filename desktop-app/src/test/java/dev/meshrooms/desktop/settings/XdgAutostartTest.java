package dev.meshrooms.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Start at login")
class XdgAutostartTest {
    @Test
    @DisplayName("on Linux writes and removes an XDG autostart entry that runs the app with --autostart")
    void xdg() throws Exception {
        Path config = TempDirs.create("mesh-autostart");
        DesktopPaths paths = DesktopPaths.from(Map.of("XDG_CONFIG_HOME", config.toString()), "Linux", config);
        Autostart autostart = Autostart.forPaths(paths, new LaunchCommand(List.of("/opt/mesh-lite/bin/Mesh-Lite")));
        Path entry = config.resolve("autostart/mesh-lite.desktop");
        assertThat(autostart.supported()).isTrue();
        assertThat(autostart.enabled()).isFalse();

        autostart.enable();

        assertThat(autostart.enabled()).isTrue();
        assertThat(Files.readAllLines(entry))
                .contains(
                        "[Desktop Entry]",
                        "Type=Application",
                        "Name=Mesh-Lite",
                        "Exec=/opt/mesh-lite/bin/Mesh-Lite --autostart");
        autostart.disable();
        assertThat(entry).doesNotExist();
        assertThat(autostart.enabled()).isFalse();
    }

    @Test
    @DisplayName("quotes Exec arguments with spaces and escapes per the Desktop Entry spec")
    void quoting() {
        assertThat(XdgAutostart.quote("/usr/bin/java")).isEqualTo("/usr/bin/java");
        assertThat(XdgAutostart.quote("/home/ada/My Apps/mesh")).isEqualTo("\"/home/ada/My Apps/mesh\"");
        assertThat(XdgAutostart.quote("a\"b")).isEqualTo("\"a\\\\\"b\"");
        assertThat(XdgAutostart.quote("100%")).isEqualTo("\"100%%\"");
    }

    @Test
    @DisplayName("on macOS and Windows is not offered, and says why")
    void elsewhere() {
        Autostart mac = Autostart.forPaths(
                DesktopPaths.from(Map.of(), "Mac OS X", Path.of("/Users/ada")), new LaunchCommand(List.of("x")));
        assertThat(mac.supported()).isFalse();
        assertThat(mac.unsupportedReason()).contains("Login Items");
        assertThat(mac.enabled()).isFalse();
    }
}
