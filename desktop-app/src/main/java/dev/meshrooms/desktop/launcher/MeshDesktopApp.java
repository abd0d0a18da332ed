package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.ui.common.AddressDialog;
import dev.meshrooms.desktop.ui.tray.AwtTrayMenu;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: builds the desktop, shows the window, keeps running in the tray when there is one. */
public final class MeshDesktopApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(MeshDesktopApp.class);
    private static volatile DesktopLaunch prepared;
    private Desktop desktop;

    /** The launch {@link DesktopMain} decided on (it owns the data directory); the app reads it in start(). */
    static void prepare(DesktopLaunch launch) {
        prepared = launch;
    }

    @Override
    public void start(Stage stage) {
        LOG.info("startup: JavaFX started {}", StartupClock.since());
        DesktopLaunch launch = prepared != null
                ? prepared
                : DesktopLaunch.prepare(getParameters().getRaw(), System.getenv(), System.out);
        if (launch.handedOff()) {
            Platform.exit();
            return;
        }
        desktop = Desktop.create(
                stage,
                launch.session(),
                launch.paths(),
                BrowserOpener.system(url ->
                        Platform.runLater(() -> AddressDialog.create(stage, url).show())),
                Platform::exit);
        desktop.acceptHandoffs(launch.instance().orElseThrow());
        Runtime.getRuntime().addShutdownHook(new Thread(desktop::close, "mesh-desktop-shutdown"));
        logWhenDrawn(stage.getScene());
        desktop.closeKeepsRunning(false);
        if (launch.options().autostart()) {
            // at login: stay in the tray when there is one
            desktop.startServerWhenReady();
            if (installTray().isEmpty()) {
                stage.show();
            }
        } else {
            // the window first; the tray (AWT's start-up) right after it
            stage.show();
            Platform.runLater(this::installTray);
        }
        desktop.importOnStart(launch.options().bundles());
    }

    /** With a tray, closing the window keeps the room server running there and Quit leaves; without, closing quits. */
    private Optional<AwtTrayMenu> installTray() {
        Optional<AwtTrayMenu> tray = desktop.installTray();
        Platform.setImplicitExit(tray.isEmpty());
        desktop.closeKeepsRunning(tray.isPresent());
        return tray;
    }

    /** The benchmark's "window shown": the first layout pulse of the main window's scene. */
    private static void logWhenDrawn(Scene scene) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            LOG.info("startup: main window shown {}", StartupClock.since());
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    @Override
    public void stop() {
        if (desktop != null) {
            desktop.close();
        }
    }
}
