package dev.meshrooms.desktop.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.desktop.settings.DesktopSettings;
import dev.meshrooms.desktop.settings.Theme;
import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The desktop command line")
class DesktopOptionsTest {
    @Test
    @DisplayName("defaults to Mesh-Lite's data directory and port")
    void defaults() {
        LiteSettings settings = DesktopOptions.parse(List.of()).settings(Map.of("XDG_DATA_HOME", "/tmp/xdg"));
        assertThat(settings.port()).isEqualTo(LiteSettings.DEFAULT_PORT);
        assertThat(settings.dataDir()).isEqualTo(LiteSettings.defaultDataDir(Map.of("XDG_DATA_HOME", "/tmp/xdg")));
    }

    @Test
    @DisplayName("takes --data-dir, --port and bundle paths")
    void flags() {
        DesktopOptions options = DesktopOptions.parse(List.of("--data-dir", "/tmp/d", "--port=3100", "a.tar.zst"));
        assertThat(options.settings(Map.of()).dataDir()).isEqualTo(Path.of("/tmp/d"));
        assertThat(options.settings(Map.of()).port()).isEqualTo(3100);
        assertThat(options.bundles()).containsExactly(Path.of("a.tar.zst"));
    }

    @Test
    @DisplayName(
            "takes the data directory and port from Settings unless a flag or MESH_DATA_DIR / MESH_PORT says otherwise")
    void precedence() {
        DesktopSettings saved = new DesktopSettings(Path.of("/tmp/saved"), 3200, false, Theme.DARK);
        LiteSettings fromSaved = DesktopOptions.parse(List.of()).settings(Map.of(), saved);
        assertThat(fromSaved.dataDir()).isEqualTo(Path.of("/tmp/saved"));
        assertThat(fromSaved.port()).isEqualTo(3200);
        LiteSettings fromEnv = DesktopOptions.parse(List.of())
                .settings(Map.of("MESH_DATA_DIR", "/tmp/env", "MESH_PORT", "3300"), saved);
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/tmp/env"));
        assertThat(fromEnv.port()).isEqualTo(3300);
        LiteSettings fromFlags = DesktopOptions.parse(List.of("--data-dir", "/tmp/flag", "--port", "3400"))
                .settings(Map.of("MESH_DATA_DIR", "/tmp/env", "MESH_PORT", "3300"), saved);
        assertThat(fromFlags.dataDir()).isEqualTo(Path.of("/tmp/flag"));
        assertThat(fromFlags.port()).isEqualTo(3400);
    }

    @Test
    @DisplayName("--autostart (the login entry) is a flag, not a bundle")
    void autostart() {
        DesktopOptions options = DesktopOptions.parse(List.of("--autostart", "b.tar.zst"));
        assertThat(options.autostart()).isTrue();
        assertThat(options.bundles()).containsExactly(Path.of("b.tar.zst"));
        assertThat(DesktopOptions.parse(List.of()).autostart()).isFalse();
    }

    @Test
    @DisplayName("names the flag whose value is wrong")
    void wrongPort() {
        assertThatThrownBy(() -> DesktopOptions.parse(List.of("--port", "many")))
                .hasMessageContaining("--port");
    }
}
