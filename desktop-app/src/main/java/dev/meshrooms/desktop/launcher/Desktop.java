package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.instance.AppInstance;
import dev.meshrooms.desktop.instance.Handoff;
import dev.meshrooms.desktop.logs.LogFile;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.settings.Autostart;
import dev.meshrooms.desktop.settings.DesktopPaths;
import dev.meshrooms.desktop.settings.LaunchCommand;
import dev.meshrooms.desktop.settings.SettingsStore;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import dev.meshrooms.desktop.ui.common.FxThread;
import dev.meshrooms.desktop.ui.common.Themes;
import dev.meshrooms.desktop.ui.importbundle.ImportController;
import dev.meshrooms.desktop.ui.logs.LogsController;
import dev.meshrooms.desktop.ui.mainwindow.MainWindowController;
import dev.meshrooms.desktop.ui.settings.SettingsController;
import dev.meshrooms.desktop.ui.settings.SettingsModel;
import dev.meshrooms.desktop.ui.tray.AwtTrayMenu;
import dev.meshrooms.desktop.ui.tray.TrayMenuModel;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The wiring of the desktop app: session, executor, windows, settings, log file, tray model. The app and the tests build it alike. */
public final class Desktop {
    public static final String TITLE = "Mesh-Lite";
    private static final Logger LOG = LoggerFactory.getLogger(Desktop.class);
    private final Stage stage;
    private final DesktopSession session;
    private final BackgroundExecutor executor;
    private final MainWindowController window;
    private final DesktopActions actions;
    private final DesktopWindows windows;
    private final Themes themes;
    private final LogFile logFile;
    private final ReadOnlyObjectWrapper<TrayMenuModel> trayMenu = new ReadOnlyObjectWrapper<>();
    private final Scene scene;
    private boolean servicesReady;
    private boolean startServerWhenReady;
    private AppInstance instance;
    private boolean closed;

    private Desktop(
            Stage stage,
            DesktopSession session,
            BackgroundExecutor executor,
            MainWindowController window,
            DesktopActions actions,
            DesktopWindows windows,
            Themes themes,
            LogFile logFile,
            Scene scene) {
        this.stage = stage;
        this.session = session;
        this.executor = executor;
        this.window = window;
        this.actions = actions;
        this.windows = windows;
        this.themes = themes;
        this.logFile = logFile;
        this.scene = scene;
    }

    /**
     * Builds the window into {@code stage} (on the JavaFX thread), starts logging into the data directory's log file
     * and starts the local services in the background.
     *
     * @param paths   where settings.json and the login entry live
     * @param browser opens a URL in the user's browser (or a folder in the file manager)
     * @param exit    runs after Quit stopped everything (the app exits the JavaFX platform)
     */
    public static Desktop create(
            Stage stage, LiteSettings settings, DesktopPaths paths, Consumer<String> browser, Runnable exit) {
        return create(stage, new DesktopSession(settings), paths, browser, exit);
    }

    /** The same on a session the launcher made (and may have started opening already). */
    public static Desktop create(
            Stage stage, DesktopSession session, DesktopPaths paths, Consumer<String> browser, Runnable exit) {
        LiteSettings settings = session.settings();
        LogFile logFile = LogFile.install(new DataDirectory(settings.dataDir()));
        SettingsStore store = new SettingsStore(paths.settingsFile());
        Themes themes = new Themes(store.load().theme());
        Autostart autostart = Autostart.forPaths(paths, LaunchCommand.current(DesktopMain.class.getName()));
        SettingsModel settingsModel = new SettingsModel(store, autostart, settings, themes.themeProperty());

        BackgroundExecutor executor = new BackgroundExecutor();
        DesktopActions actions = new DesktopActions(session, executor, stage, browser, exit);
        MainWindowController[] holder = new MainWindowController[1];
        ImportController imports = new ImportController(session, executor, result -> {
            holder[0].refreshRooms("Imported " + result.name() + " as /room/" + result.slug());
        });
        MainWindowController window = new MainWindowController(session, executor, imports, actions);
        holder[0] = window;
        actions.window(window);
        DesktopWindows windows = new DesktopWindows(stage, themes, settingsModel, logFile.file(), executor, browser);
        actions.windows(windows);
        Scene scene = new Scene(window.root(), 920, 740);
        themes.register(scene);
        stage.setTitle(TITLE);
        stage.setMinWidth(720);
        stage.setMinHeight(520);
        stage.setScene(scene);
        Desktop desktop = new Desktop(stage, session, executor, window, actions, windows, themes, logFile, scene);
        desktop.trayMenu.set(TrayMenuModel.of(session.serverState(), actions));
        session.onServerState(state -> FxThread.run(() -> {
            window.serverProperty().set(state);
            desktop.trayMenu.set(TrayMenuModel.of(state, actions));
        }));
        LOG.info(
                "data directory: {}; log file: {}; settings: {}",
                settings.dataDir(),
                logFile.file(),
                paths.settingsFile());
        executor.run(
                "starting the local services",
                () -> {
                    long started = System.nanoTime();
                    var runtime = session.open();
                    LOG.info(
                            "startup: local services ready {}; waited {} ms for them here",
                            StartupClock.since(),
                            (System.nanoTime() - started) / 1_000_000);
                    return runtime;
                },
                runtime -> desktop.servicesReady(),
                error -> window.status("The local services did not start. "
                        + ErrorMessage.of(error).line()));
        return desktop;
    }

    private void servicesReady() {
        servicesReady = true;
        window.status("Ready");
        window.refreshRooms();
        if (startServerWhenReady) {
            actions.startServer();
        }
    }

    /** Starts the room server as soon as the local services run (the login entry's {@code --autostart}). FX thread. */
    public void startServerWhenReady() {
        startServerWhenReady = true;
        if (servicesReady) {
            actions.startServer();
        }
    }

    /** Takes later launches' files from now on: shows the window and imports them. */
    public void acceptHandoffs(AppInstance owner) {
        this.instance = owner;
        owner.listen(this::receive);
    }

    private void receive(Handoff handoff) {
        FxThread.run(() -> {
            stage.setIconified(false);
            stage.show();
            stage.toFront();
            importOnStart(handoff.files());
        });
    }

    /**
     * What closing the main window does: with a tray it hides the window and everything keeps running (Quit is in
     * the tray); without one it quits.
     */
    public void closeKeepsRunning(boolean tray) {
        stage.setOnCloseRequest(e -> {
            e.consume();
            if (tray) {
                stage.hide();
            } else {
                quit();
            }
        });
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

    public Stage stage() {
        return stage;
    }

    public Themes themes() {
        return themes;
    }

    public LogFile logFile() {
        return logFile;
    }

    /** The Settings window's content (made on first use). FX thread. */
    public SettingsController settings() {
        return windows.settingsController();
    }

    /** The Logs window's content (made on first use). FX thread. */
    public LogsController logs() {
        return windows.logsController();
    }

    public Stage settingsStage() {
        return windows.settings().stage();
    }

    public Stage logsStage() {
        return windows.logs().stage();
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

    /** Stops everything now, on the calling thread (the app's stop(), a shutdown hook, tests' clean-up). */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        FxThread.run(windows::hideAll);
        try {
            session.close();
        } finally {
            executor.close();
            if (instance != null) {
                instance.close();
            }
        }
    }
}
