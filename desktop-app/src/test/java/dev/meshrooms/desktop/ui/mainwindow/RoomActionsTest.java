package dev.meshrooms.desktop.ui.mainwindow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.testing.CloudServer;
import dev.meshrooms.desktop.testing.ContextMenus;
import dev.meshrooms.desktop.testing.DesktopFixture;
import dev.meshrooms.desktop.testing.Drops;
import dev.meshrooms.desktop.testing.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javafx.scene.control.Label;
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
@DisplayName("A room's actions in the main window: open, export, push, remove (real JavaFX stage, embedded PostgreSQL)")
class RoomActionsTest {
    private DesktopFixture fx;

    @Start
    void start(Stage stage) {
        fx = new DesktopFixture(stage);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }

    private MainWindowController window() {
        return fx.desktop.window();
    }

    /** A right click on the row showing {@code text}: its context menu opens. */
    private static void rightClick(FxRobot robot, String text) throws Exception {
        javafx.scene.Node cell = robot.lookup(text).query();
        onFx(() -> {
            ContextMenus.request(cell);
            return null;
        });
    }

    private LocalRoom demoRoom(FxRobot robot) {
        fx.awaitReady();
        robot.clickOn("#create-demo");
        DesktopFixture.await(60, () -> window().rooms().size() == 1);
        return window().rooms().get(0);
    }

    @Test
    @DisplayName("Remove… asks first, naming the room and what it leaves alone: Keep it keeps it, Remove removes it")
    void remove(FxRobot robot) throws Exception {
        LocalRoom room = demoRoom(robot);
        robot.clickOn(room.name());

        robot.clickOn("#room-remove");
        Label question = robot.lookup("#remove-text").queryAs(Label.class);
        assertThat(question.getText())
                .contains("24 messages", "for good", "cannot be undone", "Not touched", "bundles of it you exported");
        robot.clickOn("#remove-cancel");
        DesktopFixture.await(10, () -> window().statusProperty().get().equals("Kept " + room.name()));
        assertThat(fx.desktop.session().rooms()).extracting(LocalRoom::id).containsExactly(room.id());

        robot.clickOn("#room-remove");
        robot.clickOn("#remove-confirm");
        DesktopFixture.await(60, () -> window().rooms().isEmpty());
        assertThat(fx.desktop.session().rooms()).isEmpty();
        assertThat(window().statusProperty().get()).startsWith("Removed " + room.name());
        assertThat(robot.lookup("#empty-state").query().isVisible()).isTrue();
    }

    @Test
    @DisplayName(
            "Export… writes a whole bundle that imports again (after Remove); into a folder that does not exist it says"
                    + " so and leaves no file")
    void export(FxRobot robot) throws Exception {
        LocalRoom room = demoRoom(robot);
        Path folder = TempDirs.create("mesh-desktop-export");
        Path bundle = folder.resolve("room_" + room.id() + ".tar.zst");
        onFx(() -> {
            fx.desktop.answerExportDialogWith(r -> folder.resolve("missing").resolve("x.tar.zst"));
            return null;
        });
        robot.clickOn(room.name());
        robot.clickOn("#room-export");
        DesktopFixture.await(60, () -> window().exports().failureProperty().get() != null);
        assertThat(robot.lookup("#export-error").queryAs(Label.class).getText())
                .contains(folder.resolve("missing").toString(), "No file was left");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }

        onFx(() -> {
            fx.desktop.answerExportDialogWith(r -> folder.resolve("room_" + r.id() + ".tar.zst"));
            return null;
        });
        robot.clickOn("#room-export");
        DesktopFixture.await(60, () -> window().statusProperty().get().startsWith("Exported"));
        assertThat(window().statusProperty().get()).isEqualTo("Exported " + room.name() + " to " + bundle);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(bundle);
        }

        // the bundle is whole: the room comes back from it
        robot.clickOn("#room-remove");
        robot.clickOn("#remove-confirm");
        DesktopFixture.await(60, () -> window().rooms().isEmpty());
        assertThat(onFx(() -> Drops.drop(window().dropZoneNode(), List.of(bundle.toFile()))))
                .isTrue();
        DesktopFixture.await(90, () -> window().rooms().size() == 1);
        LocalRoom back = window().rooms().get(0);
        assertThat(back.slug()).isEqualTo(room.slug());
        assertThat(back.messages()).isEqualTo(room.messages());
    }

    @Test
    @DisplayName(
            "Open in browser opens /room/<slug>; while the server is stopped it offers to start it first; the context"
                    + " menu has the same actions")
    void openInBrowser(FxRobot robot) throws Exception {
        LocalRoom room = demoRoom(robot);
        robot.clickOn(room.name());

        robot.clickOn("#room-open");
        robot.clickOn("#open-not-now");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx.openedUrl).isNull();
        assertThat(fx.desktop.session().serverState().running()).isFalse();

        robot.clickOn("#room-open");
        robot.clickOn("#open-start-server");
        DesktopFixture.await(60, () -> fx.openedUrl != null);
        assertThat(fx.openedUrl).isEqualTo(fx.desktop.session().serverState().url() + "/room/" + room.slug());
        assertThat(CloudServer.status(fx.openedUrl)).isEqualTo(200);

        fx.openedUrl = null;
        rightClick(robot, room.name());
        DesktopFixture.await(
                10, () -> robot.lookup("#menu-room-open").tryQuery().isPresent());
        onFx(() -> Screenshots.saveWithPopups(fx.desktop.scene(), "room-actions"));
        robot.clickOn("#menu-room-open");
        DesktopFixture.await(10, () -> fx.openedUrl != null);
        assertThat(fx.openedUrl).endsWith("/room/" + room.slug());

        rightClick(robot, room.name());
        robot.clickOn("#menu-room-push");
        DesktopFixture.await(
                20, () -> onFx(() -> fx.desktop.pushWindow(room.id()).isPresent()));
        Label none = robot.lookup("#push-no-account").queryAs(Label.class);
        DesktopFixture.await(10, () -> none.getParent().isVisible());
        assertThat(none.getText()).contains("Settings → Cloud accounts");
        robot.clickOn("#push-add-account");
        DesktopFixture.await(10, () -> onFx(() -> fx.desktop.settingsStage().isShowing()));
        assertThat(robot.lookup("#cloud-url").query().isVisible()).isTrue();
    }
}
