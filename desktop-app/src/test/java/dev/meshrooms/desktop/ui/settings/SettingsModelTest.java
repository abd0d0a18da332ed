package dev.meshrooms.desktop.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.desktop.settings.Autostart;
import dev.meshrooms.desktop.settings.DesktopPaths;
import dev.meshrooms.desktop.settings.LaunchCommand;
import dev.meshrooms.desktop.settings.SettingsStore;
import dev.meshrooms.desktop.settings.Theme;
import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Settings form model")
class SettingsModelTest {
    private Path config;
    private DesktopPaths paths;
    private SettingsStore store;
    private final ObjectProperty<Theme> applied = new SimpleObjectProperty<>(Theme.LIGHT);
    private SettingsModel model;
    private LiteSettings inUse;

    @BeforeEach
    void setUp() throws Exception {
        config = TempDirs.create("mesh-settings-model");
        paths = DesktopPaths.from(Map.of("XDG_CONFIG_HOME", config.toString()), "Linux", config);
        store = new SettingsStore(paths.settingsFile());
        inUse = LiteSettings.from(Map.of(), config.resolve("data"), 3000);
        model = new SettingsModel(
                store, Autostart.forPaths(paths, new LaunchCommand(List.of("/opt/mesh"))), inUse, applied);
    }

    @Test
    @DisplayName("shows the defaults at first: Mesh-Lite's data directory, port 3000, no login entry, light")
    void defaults() {
        assertThat(model.dataDirProperty().get())
                .isEqualTo(LiteSettings.defaultDataDir(System.getenv()).toString());
        assertThat(model.portProperty().get()).isEqualTo("3000");
        assertThat(model.startAtLoginProperty().get()).isFalse();
        assertThat(model.themeProperty().get()).isEqualTo(Theme.LIGHT);
        assertThat(model.autostartSupported()).isTrue();
    }

    @Test
    @DisplayName("applies the theme as soon as it is chosen, and takes it back when closed without saving")
    void themeLive() {
        model.themeProperty().set(Theme.DARK);
        assertThat(applied.get()).isEqualTo(Theme.DARK);
        model.revert();
        assertThat(applied.get()).isEqualTo(Theme.LIGHT);
        assertThat(model.themeProperty().get()).isEqualTo(Theme.LIGHT);
    }

    @Test
    @DisplayName("refuses a port that is not a number, naming the field, and saves nothing")
    void badPort() {
        model.portProperty().set("thirty");
        assertThat(model.save()).isFalse();
        assertThat(model.problemProperty().get()).startsWith("Server port: \"thirty\" is not a whole number");
        assertThat(store.file()).doesNotExist();
    }

    @Test
    @DisplayName(
            "saves all four settings, writes the login entry, and says the data directory and port wait for the next start")
    void save() {
        Path other = config.resolve("elsewhere");
        model.dataDirProperty().set(other.toString());
        model.portProperty().set(" 3999 ");
        model.startAtLoginProperty().set(true);
        model.themeProperty().set(Theme.DARK);

        assertThat(model.save()).isTrue();

        assertThat(store.load()).satisfies(s -> {
            assertThat(s.dataDir()).isEqualTo(other);
            assertThat(s.port()).isEqualTo(3999);
            assertThat(s.startAtLogin()).isTrue();
            assertThat(s.theme()).isEqualTo(Theme.DARK);
        });
        assertThat(paths.autostartFile()).exists();
        assertThat(model.restartNeededProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).contains("next time Mesh-Lite starts");
        model.revert();
        assertThat(applied.get()).as("a saved theme stays").isEqualTo(Theme.DARK);

        model.startAtLoginProperty().set(false);
        assertThat(model.save()).isTrue();
        assertThat(paths.autostartFile()).doesNotExist();
    }

    @Test
    @DisplayName("saving what runs now needs no restart")
    void noRestart() {
        model.dataDirProperty().set(inUse.dataDir().toString());
        assertThat(model.save()).isTrue();
        assertThat(model.restartNeededProperty().get()).isFalse();
        assertThat(model.messageProperty().get()).isEqualTo("Saved to " + store.file());
    }
}
