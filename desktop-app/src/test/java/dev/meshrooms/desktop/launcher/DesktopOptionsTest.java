package dev.meshrooms.desktop.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    @DisplayName("names the flag whose value is wrong")
    void wrongPort() {
        assertThatThrownBy(() -> DesktopOptions.parse(List.of("--port", "many"))).hasMessageContaining("--port");
    }
}
