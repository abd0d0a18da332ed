package dev.meshrooms.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("settings.json and where it lives")
class SettingsStoreTest {
    @Test
    @DisplayName(
            "lives in $XDG_CONFIG_HOME/mesh-lite (else ~/.config), the login entry in …/autostart; elsewhere no login entry")
    void paths() {
        Path home = Path.of("/home/ada");
        DesktopPaths xdg = DesktopPaths.from(Map.of("XDG_CONFIG_HOME", "/cfg"), "Linux", home);
        assertThat(xdg.settingsFile()).isEqualTo(Path.of("/cfg/mesh-lite/settings.json"));
        assertThat(xdg.autostartFile()).isEqualTo(Path.of("/cfg/autostart/mesh-lite.desktop"));
        DesktopPaths plain = DesktopPaths.from(Map.of("XDG_CONFIG_HOME", "relative/ignored"), "Linux", home);
        assertThat(plain.settingsFile()).isEqualTo(Path.of("/home/ada/.config/mesh-lite/settings.json"));
        assertThat(DesktopPaths.from(Map.of(), "Mac OS X", home).autostartFile())
                .isNull();
        assertThat(DesktopPaths.from(Map.of(), "Windows 11", home).autostartFile())
                .isNull();
    }

    @Test
    @DisplayName("saves and loads every setting as plain JSON")
    void roundTrip() throws Exception {
        Path file = TempDirs.create("mesh-settings").resolve("mesh-lite/settings.json");
        SettingsStore store = new SettingsStore(file);
        assertThat(store.load()).isEqualTo(DesktopSettings.DEFAULTS);
        DesktopSettings chosen = new DesktopSettings(Path.of("/srv/mesh"), 3100, true, Theme.DARK);

        store.save(chosen);

        assertThat(store.load()).isEqualTo(chosen);
        assertThat(Files.readString(file))
                .contains(
                        "\"dataDir\" : \"/srv/mesh\"",
                        "\"port\" : 3100",
                        "\"startAtLogin\" : true",
                        "\"theme\" : \"dark\"");
    }

    @Test
    @DisplayName("a broken file gives the defaults instead of stopping the app")
    void brokenFile() throws Exception {
        Path file = TempDirs.create("mesh-settings").resolve("settings.json");
        Files.writeString(file, "{ \"port\": \"many\"");
        assertThat(new SettingsStore(file).load()).isEqualTo(DesktopSettings.DEFAULTS);
        Files.writeString(file, "{ \"port\": 99999 }");
        assertThat(new SettingsStore(file).load()).isEqualTo(DesktopSettings.DEFAULTS);
    }

    @Test
    @DisplayName("refuses to save a port that is not a TCP port, naming the setting")
    void badPort() throws Exception {
        SettingsStore store = new SettingsStore(TempDirs.create("mesh-settings").resolve("settings.json"));
        assertThatThrownBy(() -> store.save(new DesktopSettings(null, 70000, false, Theme.LIGHT)))
                .isInstanceOf(MeshException.class)
                .hasMessageStartingWith("Server port: 70000");
        assertThat(store.file()).doesNotExist();
    }
}
