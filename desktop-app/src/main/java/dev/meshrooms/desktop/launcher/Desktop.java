package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.FxThread;
import dev.meshrooms.desktop.ui.importbundle.ImportController;
import dev.meshrooms.desktop.ui.mainwindow.MainWindowController;
import dev.meshrooms.desktop.ui.tray.AwtTrayMenu;
import dev.meshrooms.desktop.ui.tray.TrayMenuModel;
import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The wiring of the desktop app: session, executor, controllers, tray model. The app and the tests build it alike. */
public final class Desktop {
    public static final String TITLE = "Mesh-Lite";
    private final DesktopSession session;
    private final BackgroundExecutor executor;
    private final MainWindowController window;
    private final DesktopActions actions;
    private final ReadOnlyObjectWrapper<TrayMenuModel> trayMenu = new ReadOnlyObjectWrapper<>();
    private final Scene scene;

    private Desktop(DesktopSession session, BackgroundExecutor executor, MainWindowController window, DesktopActions actions,
                    Scene scene) {
        this.session = session;
        this.executor = executor;
        this.window = window;
        this.actions = actions;
        this.scene = scene;
    }

    /**
     * Builds the window into {@code stage} (on the JavaFX thread) and starts the local services in the background.
     *
     * @param browser opens a URL in the user's browser
     * @param exit    runs after Quit stopped everything (the app exits the JavaFX platform)
     */
    public static Desktop create(Stage stage, LiteSettings settings, Consumer<String> browser, Runnable exit) {
        DesktopSession session = new DesktopSession(settings);
        BackgroundExecutor executor = new BackgroundExecutor();
        DesktopActions actions = new DesktopActions(session, executor, stage, browser, exit);
        MainWindowController[] holder = new MainWindowController[1];
        ImportController imports = new ImportController(session, executor, result -> {
            holder[0].refreshRooms("Imported " + result.name() + " as /room/" + result.slug());
        });
        MainWindowController window = new MainWindowController(session, executor, imports, actions);
        holder[0] = window;
        actions.window(window);
        Scene scene = new Scene(window.root(), 920, 740);
        scene.getStylesheets().add(Desktop.class.getResource("/css/desktop.css").toExternalForm());
        stage.setTitle(TITLE);
        stage.setMinWidth(720);
        stage.setMinHeight(520);
        stage.setScene(scene);
        Desktop desktop = new Desktop(session, executor, window, actions, scene);
        desktop.trayMenu.set(TrayMenuModel.of(session.serverState(), actions));
        session.onServerState(state -> FxThread.run(() -> {
            window.serverProperty().set(state);
            desktop.trayMenu.set(TrayMenuModel.of(state, actions));
        }));
        executor.run("starting the local services", session::open, runtime -> {
            window.status("Ready");
            window.refreshRooms();
        }, error -> window.status("The local services did not start: " + error.getMessage()));
        return desktop;
    }

    /** Shows the tray icon where the desktop has a tray; it follows the menu model. */
    public Optional<AwtTrayMenu> installTray() {
        Optional<AwtTrayMenu> tray = AwtTrayMenu.install(trayMenu.get());
        tray.ifPresent(t -> trayMenu.addListener((obs, old, model) -> t.show(model)));
        return tray;
    }

    public void importOnStart(List<Path> bundles) {
        if (!bundles.isEmpty()) {
            window.drop(bundles);
        }
    }

    public DesktopSession session() {
        return session;
    }

    public MainWindowController window() {
        return window;
    }

    public Scene scene() {
        return scene;
    }

    public ReadOnlyObjectProperty<TrayMenuModel> trayMenuProperty() {
        return trayMenu.getReadOnlyProperty();
    }

    public TrayMenuModel trayMenu() {
        return trayMenu.get();
    }

    /** Quit: stops the server and the embedded services, then runs the exit action. */
    public void quit() {
        actions.quit();
    }

    /** Stops everything now, on the calling thread (the app's stop(), tests' clean-up). */
    public void close() {
        try {
            session.close();
        } finally {
            executor.close();
        }
    }
}
