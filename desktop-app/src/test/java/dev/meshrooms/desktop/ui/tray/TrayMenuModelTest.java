package dev.meshrooms.desktop.ui.tray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.desktop.session.ServerState;
import dev.meshrooms.desktop.ui.common.AppActions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The tray menu model")
class TrayMenuModelTest {
    private final List<String> calls = new ArrayList<>();
    private final AppActions actions = new AppActions() {
        public void startServer() {
            calls.add("start");
        }

        public void stopServer() {
            calls.add("stop");
        }

        public void openInBrowser() {
            calls.add("browser");
        }

        public void showWindow() {
            calls.add("window");
        }

        public void chooseBundles() {
            calls.add("import");
        }

        public void createDemoRoom() {
            calls.add("demo");
        }

        public void showSettings() {
            calls.add("settings");
        }

        public void showLogs() {
            calls.add("logs");
        }

        public void quit() {
            calls.add("quit");
        }
    };

    @Test
    @DisplayName("offers Start, Open Mesh-Lite, Import bundle…, Settings…, Logs and Quit while the server is stopped")
    void stopped() {
        TrayMenuModel menu = TrayMenuModel.of(ServerState.STOPPED, actions);
        assertThat(menu.items())
                .extracting(TrayMenuItem::label)
                .containsExactly(
                        TrayMenuModel.START,
                        TrayMenuModel.OPEN_BROWSER,
                        TrayMenuModel.OPEN,
                        TrayMenuModel.IMPORT,
                        TrayMenuModel.SETTINGS,
                        TrayMenuModel.LOGS,
                        TrayMenuModel.QUIT);
        assertThat(menu.item(TrayMenuModel.OPEN_BROWSER).enabled()).isFalse();
        assertThat(menu.serverRunning()).isFalse();
        menu.items().forEach(i -> i.action().run());
        assertThat(calls).containsExactly("start", "browser", "window", "import", "settings", "logs", "quit");
    }

    @Test
    @DisplayName("offers Stop and the browser while the server runs, and says where in the tooltip")
    void running() {
        TrayMenuModel menu = TrayMenuModel.of(ServerState.running("http://localhost:3000"), actions);
        assertThat(menu.items().get(0).label()).isEqualTo(TrayMenuModel.STOP);
        assertThat(menu.item(TrayMenuModel.OPEN_BROWSER).enabled()).isTrue();
        assertThat(menu.tooltip()).contains("http://localhost:3000");
        menu.item(TrayMenuModel.STOP).action().run();
        assertThat(calls).containsExactly("stop");
    }

    @Test
    @DisplayName("disables the server entry while it starts")
    void starting() {
        TrayMenuModel menu = TrayMenuModel.of(ServerState.starting(), actions);
        assertThat(menu.items().get(0).enabled()).isFalse();
        assertThat(menu.items().get(0).label()).isEqualTo("Room server starting…");
    }
}
