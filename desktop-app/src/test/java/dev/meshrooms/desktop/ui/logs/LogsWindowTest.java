package dev.meshrooms.desktop.ui.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.desktop.testing.DesktopFixture;
import dev.meshrooms.desktop.testing.Drops;
import dev.meshrooms.desktop.testing.RealBundle;
import dev.meshrooms.desktop.testing.Screenshots;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
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
@DisplayName("The Logs window (real JavaFX stages, headless Monocle, a real import)")
class LogsWindowTest {
    private DesktopFixture fx;

    @Start
    void start(Stage stage) {
        fx = new DesktopFixture(stage);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    @DisplayName("shows the log file's path and follows it live: the line an import writes appears")
    void followsTheLog(FxRobot robot) throws Exception {
        Path bundle = RealBundle.demo();
        fx.awaitReady();
        Path logFile = fx.dataDir.resolve("logs").resolve("mesh-lite.log");
        robot.clickOn("#open-logs");
        DesktopFixture.await(
                20,
                () -> WaitForAsyncUtils.asyncFx(() -> fx.desktop.logsStage().isShowing())
                        .get());
        TextArea text = robot.lookup("#log-text").queryAs(TextArea.class);
        assertThat(robot.lookup("#log-path").queryAs(TextField.class).getText()).isEqualTo(logFile.toString());
        DesktopFixture.await(20, () -> text.getText().contains("startup: local services ready"));
        assertThat(text.getText()).doesNotContain("imported " + bundle.getFileName());

        WaitForAsyncUtils.asyncFx(() -> Drops.drop(fx.desktop.window().dropZoneNode(), List.of(bundle.toFile())))
                .get();

        DesktopFixture.await(90, () -> text.getText().contains("imported " + bundle.getFileName() + " as room demo"));
        WaitForAsyncUtils.asyncFx(() -> Screenshots.save(fx.desktop.logsStage().getScene(), "logs"))
                .get();

        robot.clickOn("#log-copy-path");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(
                                () -> Clipboard.getSystemClipboard().getString())
                        .get())
                .isEqualTo(logFile.toString());
        robot.clickOn("#log-open-folder");
        assertThat(fx.openedUrl).isEqualTo(logFile.getParent().toUri().toString());
    }
}
