package dev.meshrooms.desktop.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.Alert;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@DisplayName("The address dialog shown when no browser opens (real JavaFX stage, headless Monocle)")
class AddressDialogTest {
    private static final String URL = "http://127.0.0.1:3000/rooms";
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.show();
    }

    @Test
    @DisplayName("shows the address and copies it with one click")
    void copiesTheAddress(FxRobot robot) throws Exception {
        Alert alert = WaitForAsyncUtils.asyncFx(() -> {
                    Alert a = AddressDialog.create(stage, URL);
                    a.show();
                    return a;
                })
                .get();
        assertThat(robot.lookup("#address").queryAs(TextField.class).getText()).isEqualTo(URL);
        robot.clickOn("#copy-address");
        assertThat(WaitForAsyncUtils.asyncFx(
                                () -> Clipboard.getSystemClipboard().getString())
                        .get())
                .isEqualTo(URL);
        WaitForAsyncUtils.asyncFx(alert::close).get();
    }
}
