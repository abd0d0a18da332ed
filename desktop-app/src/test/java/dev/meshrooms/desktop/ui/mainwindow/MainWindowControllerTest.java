package dev.meshrooms.desktop.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.testing.DesktopFixture;
import dev.meshrooms.desktop.testing.Drops;
import dev.meshrooms.desktop.testing.RealBundle;
import dev.meshrooms.desktop.testing.Screenshots;
import dev.meshrooms.desktop.ui.importbundle.ImportFailure;
import dev.meshrooms.desktop.ui.importbundle.ImportPhase;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.TransferMode;
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
@DisplayName("The main window (real JavaFX stage, headless Monocle, embedded PostgreSQL)")
class MainWindowControllerTest {
    private DesktopFixture fx;

    @Start
    void start(Stage stage) {
        fx = new DesktopFixture(stage);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private MainWindowController window() {
        return fx.desktop.window();
    }

    private <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }

    @Test
    @DisplayName("with no rooms, explains what a bundle is and creates a demo room on request")
    void emptyState(FxRobot robot) throws Exception {
        fx.awaitReady();
        Node empty = robot.lookup("#empty-state").query();
        assertThat(empty.isVisible()).isTrue();
        assertThat(robot.lookup(".empty-text").queryAs(Label.class).getText()).contains("room bundle", ".tar.zst");
        onFx(() -> Screenshots.save(fx.desktop.scene(), "empty"));

        robot.clickOn("#create-demo");
        DesktopFixture.await(60, () -> window().rooms().size() == 1);
        assertThat(window().rooms().get(0).slug()).isEqualTo("demo");
        assertThat(empty.isVisible()).isFalse();
    }

    @Test
    @DisplayName("dropping a real bundle from the exporter imports it, and the room appears in the list")
    void dropRealBundle() throws Exception {
        Path bundle = RealBundle.demo();
        fx.awaitReady();

        boolean completed = onFx(() -> Drops.drop(window().dropZoneNode(), List.of(bundle.toFile())));

        assertThat(completed).isTrue();
        DesktopFixture.await(90, () -> window().rooms().size() == 1);
        LocalRoom room = window().rooms().get(0);
        assertThat(room.slug()).isEqualTo("demo");
        assertThat(room.name()).isEqualTo("Riverside Makers (demo)");
        assertThat(room.messages()).isEqualTo(24);
        assertThat(room.mediaBytes()).isPositive();
        assertThat(fx.desktop.session().rooms()).extracting(LocalRoom::slug).containsExactly("demo");
        assertThat(window().statusProperty().get()).contains("Imported Riverside Makers (demo)");
        onFx(() -> Screenshots.save(fx.desktop.scene(), "rooms"));
    }

    @Test
    @DisplayName("dropping a hostile bundle shows the importer's readable message and leaves no room")
    void dropHostileBundle(FxRobot robot) throws Exception {
        Path junk = RealBundle.junk();
        fx.awaitReady();
        var imports = importController();

        boolean completed = onFx(() -> Drops.drop(window().dropZoneNode(), List.of(junk.toFile())));

        assertThat(completed).isTrue();
        DesktopFixture.await(60, () -> imports.failureProperty().get() != null);
        ImportFailure failure = imports.failureProperty().get();
        assertThat(failure.cancelled()).isFalse();
        assertThat(failure.message())
                .startsWith("x.tar.zst")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        Label shown = robot.lookup("#import-error").queryAs(Label.class);
        assertThat(shown.isVisible()).isTrue();
        assertThat(shown.getText()).isEqualTo(failure.message());
        assertThat(fx.desktop.session().rooms()).isEmpty();
        assertThat(window().rooms()).isEmpty();
        onFx(() -> Screenshots.save(fx.desktop.scene(), "error"));
    }

    @Test
    @DisplayName("accepts a drag only when every file is a .tar.zst bundle")
    void dragOverAcceptsOnlyBundles() throws Exception {
        fx.awaitReady();
        Path dir = TempDirs.create("mesh-desktop-drag");
        File bundle = dir.resolve("room_1.tar.zst").toFile();
        File other = dir.resolve("notes.txt").toFile();
        Node zone = window().dropZoneNode();

        assertThat(onFx(() -> Drops.dragOver(zone, List.of(bundle)))).isEqualTo(TransferMode.COPY);
        assertThat(onFx(() -> Drops.dragOver(zone, List.of(bundle, other)))).isNull();
        assertThat(onFx(() -> Drops.dragOver(zone, List.of(other)))).isNull();
        assertThat(onFx(() -> Drops.drop(zone, List.of(other)))).isFalse();
        assertThat(importController().busyProperty().get()).isFalse();
    }

    @Test
    @DisplayName("while importing, shows the phases, the bytes read with an ETA, and Cancel")
    void importingState(FxRobot robot) throws Exception {
        fx.awaitReady();
        onFx(() -> {
            importController().showRunning("room_5f0c2a91.tar.zst", ImportPhase.MEDIA, 38_400_000L, 61_200_000L, 12);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#import-cancel").queryButton().isVisible()).isTrue();
        assertThat(robot.lookup(".step-current").queryAs(Label.class).getText()).isEqualTo("Media");
        assertThat(robot.lookup(".step-done").queryAllAs(Label.class))
                .extracting(Label::getText)
                .containsExactly("Verify", "Database");
        assertThat(robot.lookup(".import-bar")
                        .queryAs(javafx.scene.control.ProgressBar.class)
                        .getHeight())
                .as("the progress bar is drawn")
                .isGreaterThan(8);
        onFx(() -> Screenshots.save(fx.desktop.scene(), "importing"));
        onFx(() -> {
            importController().reset();
            return null;
        });
    }

    private dev.meshrooms.desktop.ui.importbundle.ImportController importController() {
        return window().imports();
    }
}
