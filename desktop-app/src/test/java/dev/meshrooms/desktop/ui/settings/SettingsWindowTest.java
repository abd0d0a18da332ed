package dev.meshrooms.desktop.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.desktop.settings.DesktopSettings;
import dev.meshrooms.desktop.settings.SettingsStore;
import dev.meshrooms.desktop.settings.Theme;
import dev.meshrooms.desktop.testing.DesktopFixture;
import dev.meshrooms.desktop.testing.Screenshots;
import dev.meshrooms.desktop.ui.common.Themes;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@DisplayName("The Settings window (real JavaFX stages, headless Monocle)")
class SettingsWindowTest {
    private DesktopFixture fx;

    @Start
    void start(Stage stage) {
        fx = new DesktopFixture(stage);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private Stage settingsStage() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> fx.desktop.settingsStage()).get();
    }

    private boolean dark(javafx.scene.Scene scene) {
        return scene.getStylesheets().contains(Themes.darkStylesheet());
    }

    @Test
    @DisplayName("opens from the main window; the dark theme restyles every window at once")
    void theme(FxRobot robot) throws Exception {
        fx.awaitReady();
        robot.clickOn("#open-settings");
        DesktopFixture.await(20, () -> settingsStage().isShowing());
        Stage settings = settingsStage();
        assertThat(dark(settings.getScene())).isFalse();
        WaitForAsyncUtils.asyncFx(() -> Screenshots.save(settings.getScene(), "settings-light"))
                .get();

        robot.clickOn("#settings-theme-dark");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(dark(settings.getScene())).isTrue();
        assertThat(dark(fx.desktop.scene())).as("the main window follows").isTrue();
        WaitForAsyncUtils.asyncFx(() -> Screenshots.save(settings.getScene(), "settings-dark"))
                .get();
        WaitForAsyncUtils.asyncFx(() -> Screenshots.save(fx.desktop.scene(), "dark"))
                .get();

        robot.clickOn("#settings-close");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(settings.isShowing()).isFalse();
        assertThat(dark(fx.desktop.scene()))
                .as("closed without saving: back to light")
                .isFalse();
    }

    @Test
    @DisplayName(
            "Save refuses a bad port with a sentence, then stores port, login entry and theme and says when they apply")
    void save(FxRobot robot) throws Exception {
        fx.awaitReady();
        robot.clickOn("#open-settings");
        DesktopFixture.await(20, () -> settingsStage().isShowing());
        TextField port = robot.lookup("#settings-port").queryAs(TextField.class);
        WaitForAsyncUtils.asyncFx(() -> port.setText("lots")).get();
        robot.clickOn("#settings-save");
        WaitForAsyncUtils.waitForFxEvents();
        Label problem = robot.lookup("#settings-problem").queryAs(Label.class);
        assertThat(problem.isVisible()).isTrue();
        assertThat(problem.getText()).startsWith("Server port: \"lots\"");
        Path settingsFile = fx.paths.settingsFile();
        assertThat(settingsFile).doesNotExist();

        WaitForAsyncUtils.asyncFx(() -> port.setText("3999")).get();
        robot.clickOn("#settings-start-at-login");
        robot.clickOn("#settings-theme-dark");
        robot.clickOn("#settings-save");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(problem.isVisible()).isFalse();
        DesktopSettings saved = new SettingsStore(settingsFile).load();
        assertThat(saved.port()).isEqualTo(3999);
        assertThat(saved.startAtLogin()).isTrue();
        assertThat(saved.theme()).isEqualTo(Theme.DARK);
        assertThat(Files.readString(fx.paths.autostartFile())).contains("Exec=", "--autostart");
        assertThat(robot.lookup("#settings-message").queryAs(Label.class).getText())
                .contains("next time Mesh-Lite starts");
        assertThat(robot.lookup("#settings-restart-note").queryAs(Label.class).getText())
                .contains("take effect the next time Mesh-Lite starts")
                .contains(fx.dataDir.toString());
        robot.clickOn("#settings-close");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dark(fx.desktop.scene())).as("a saved theme stays").isTrue();
    }
}
