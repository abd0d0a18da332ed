package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.session.CloudPushes;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.session.StoppedPush;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.Themes;
import dev.meshrooms.desktop.ui.common.ToolWindow;
import dev.meshrooms.desktop.ui.push.PushController;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.stage.Stage;

/**
 * The Push to cloud windows, one per room, owned by the main window. Closing one while it pushes stops the push
 * first; when one closes, the stopped pushes are looked for again. Use on the JavaFX thread.
 */
final class PushWindows {
    private final Stage owner;
    private final Themes themes;
    private final CloudPushes pushes;
    private final BackgroundExecutor executor;
    private final Consumer<String> opener;
    private final Runnable showCloudAccounts;
    private final Consumer<String> notice;
    private final Runnable closed;
    private final Map<UUID, Open> open = new HashMap<>();

    private record Open(ToolWindow window, PushController controller) {}

    /**
     * @param opener            opens a URL in the browser (Open in cloud) or a folder (Show file)
     * @param showCloudAccounts opens Settings → Cloud accounts
     * @param notice            a sentence for the main window's status line
     * @param closed            runs when a push window closed
     */
    PushWindows(
            Stage owner,
            Themes themes,
            CloudPushes pushes,
            BackgroundExecutor executor,
            Consumer<String> opener,
            Runnable showCloudAccounts,
            Consumer<String> notice,
            Runnable closed) {
        this.owner = owner;
        this.themes = themes;
        this.pushes = pushes;
        this.executor = executor;
        this.opener = opener;
        this.showCloudAccounts = showCloudAccounts;
        this.notice = notice;
        this.closed = closed;
    }

    /** Shows the room's push window (made if it is not open). */
    PushController show(LocalRoom room) {
        Open o = open.get(room.id());
        if (o == null) {
            ToolWindow[] window = new ToolWindow[1];
            PushController controller = new PushController(
                    room, pushes, executor, opener, showCloudAccounts, notice, () -> window[0].hide());
            window[0] = new ToolWindow(owner, "Mesh-Lite — Push " + room.name(), controller.root(), 680, 640, themes);
            Stage stage = window[0].stage();
            stage.setOnCloseRequest(e -> {
                e.consume();
                controller.cancel();
            });
            stage.setOnHidden(e -> {
                open.remove(room.id());
                themes.unregister(stage.getScene());
                closed.run();
            });
            stage.focusedProperty().addListener((obs, was, focused) -> {
                if (focused && controller.stateProperty().get() == PushController.State.CHOOSING) {
                    controller.refreshAccounts();
                }
            });
            o = new Open(window[0], controller);
            open.put(room.id(), o);
        }
        o.window().show();
        return o.controller();
    }

    /** Opens the room's push window and pushes again to the same cloud: it goes on from the cloud's offset. */
    void resume(StoppedPush stopped) {
        show(stopped.room()).start(stopped.account(), false);
    }

    Optional<PushController> controller(UUID roomId) {
        return Optional.ofNullable(open.get(roomId)).map(Open::controller);
    }

    Optional<Stage> stage(UUID roomId) {
        return Optional.ofNullable(open.get(roomId)).map(o -> o.window().stage());
    }

    /** Quit: stops running pushes (their uploads stay on the clouds) and hides the windows. */
    void closeAll() {
        for (Open o : Map.copyOf(open).values()) {
            if (o.controller().busy()) {
                o.controller().cancel();
            }
            o.window().hide();
        }
    }
}
