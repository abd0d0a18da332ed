package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.ui.tray.AwtTrayMenu;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: builds the desktop, shows the window, keeps running in the tray when there is one. */
public final class MeshDesktopApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(MeshDesktopApp.class);
    private Desktop desktop;

    @Override
    public void start(Stage stage) {
        DesktopOptions options = DesktopOptions.parse(getParameters().getRaw());
        desktop = Desktop.create(stage, options.settings(System.getenv()), url -> getHostServices().showDocument(url),
                Platform::exit);
        LOG.info("data directory: {}", desktop.session().dataDir());
        Optional<AwtTrayMenu> tray = desktop.installTray();
        if (tray.isPresent()) {
            // closing the window keeps the room server running in the tray; Quit leaves
            Platform.setImplicitExit(false);
            stage.setOnCloseRequest(e -> {
                e.consume();
                stage.hide();
            });
        } else {
            stage.setOnCloseRequest(e -> {
                e.consume();
                desktop.quit();
            });
        }
        stage.show();
        desktop.importOnStart(options.bundles());
    }

    @Override
    public void stop() {
        if (desktop != null) {
            desktop.close();
        }
    }
}
