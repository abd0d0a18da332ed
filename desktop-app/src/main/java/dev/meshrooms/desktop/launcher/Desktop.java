package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.instance.AppInstance;
import dev.meshrooms.desktop.instance.Handoff;
import dev.meshrooms.desktop.logs.LogFile;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.settings.Autostart;
import dev.meshrooms.desktop.settings.CloudAccounts;
import dev.meshrooms.desktop.settings.CloudCredentials;
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
import dev.meshrooms.desktop.ui.push.PushController;
import dev.meshrooms.desktop.ui.push.ResumeBanner;
import dev.meshrooms.desktop.ui.settings.SettingsController;
import dev.meshrooms.desktop.ui.settings.SettingsModel;
import dev.meshrooms.desktop.ui.tray.AwtTrayMenu;
import dev.meshrooms.desktop.ui.tray.TrayMenuModel;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
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
    private final RoomFeatures rooms;
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
            RoomFeatures rooms,
            Themes themes,
            LogFile logFile,
            Scene scene) {
        this.stage = stage;
        this.session = session;
        this.executor = executor;
        this.window = window;
        this.actions = actions;
        this.windows = windows;
        this.rooms = rooms;
        this.themes = themes;
        this.logFile = logFile;
        this.scene = scene;
    }

    /**
     * Builds the window into {@code stage} (on the JavaFX thread) on a session the launcher made (and may have started
     * opening already), starts logging into the data directory's log file and starts the local services in the
     * background. Cloud tokens go to the system's credential store, else a private file beside settings.json.
     *
     * @param paths   where settings.json and the login entry live
     * @param browser opens a URL in the user's browser (or a folder in the file manager)
     * @param exit    runs after Quit stopped everything (the app exits the JavaFX platform)
     */
    public static Desktop create(
            Stage stage, DesktopSession session, DesktopPaths paths, Consumer<String> browser, Runnable exit) {
        return create(stage, session, paths, CloudCredentials.system(paths.credentialsFile()), browser, exit);
    }

    /** The same with the cloud tokens kept in {@code credentials} (tests: a private file, never the OS's store). */
    public static Desktop create(
            Stage stage,
            DesktopSession session,
            DesktopPaths paths,
            CloudCredentials credentials,
            Consumer<String> browser,
            Runnable exit) {
        LiteSettings settings = session.settings();
        LogFile logFile = LogFile.install(new DataDirectory(settings.dataDir()));
        SettingsStore store = new SettingsStore(paths.settingsFile());
        Themes themes = new Themes(store.load().theme());
        Autostart autostart = Autostart.forPaths(paths, LaunchCommand.current(DesktopMain.class.getName()));
        SettingsModel settingsModel = new SettingsModel(store, autostart, settings, themes.themeProperty());
        BackgroundExecutor executor = new BackgroundExecutor();
        DesktopActions actions = new DesktopActions(session, executor, stage, browser, exit);
        MainWindowController[] holder = new MainWindowController[1];
        DesktopWindows[] toolWindows = new DesktopWindows[1];
        Consumer<String> notice = text -> FxThread.run(() -> holder[0].status(text));
        ImportController imports = new ImportController(session, executor, result -> {
            holder[0].refreshRooms("Imported " + result.name() + " as /room/" + result.slug());
        });
        RoomFeatures rooms = RoomFeatures.create(
                stage,
                session,
                new CloudAccounts(store, credentials),
                themes,
                executor,
                browser,
                notice,
                () -> toolWindows[0].showCloudAccounts());
        DesktopWindows windows = new DesktopWindows(
                stage, themes, settingsModel, rooms.cloudAccounts(), logFile.file(), executor, browser);
        toolWindows[0] = windows;
        MainWindowController window = new MainWindowController(
                session,
                executor,
                imports,
                rooms.exports(),
                List.of(rooms.banner().view(), rooms.limits().view()),
                rooms.limits().copies(),
                actions,
                rooms.actions());
        holder[0] = window;
        actions.window(window);
        rooms.actions().window(window);
        actions.windows(windows);
        Scene scene = new Scene(window.root(), 920, 760);
        themes.register(scene);
        stage.setTitle(TITLE);
        stage.setMinWidth(720);
        stage.setMinHeight(520);
        stage.setScene(scene);
        Desktop desktop =
                new Desktop(stage, session, executor, window, actions, windows, rooms, themes, logFile, scene);
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
        rooms.banner().refresh();
        rooms.limits().refresh();
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

    /** The room's Push to cloud window, while it is open. FX thread. */
    public Optional<PushController> pushWindow(UUID roomId) {
        return rooms.pushWindows().controller(roomId);
    }

    public Optional<Stage> pushStage(UUID roomId) {
        return rooms.pushWindows().stage(roomId);
    }

    /** The stopped pushes offered for resuming. */
    public ResumeBanner resumeBanner() {
        return rooms.banner();
    }

    /** Answers Export…'s save dialog with {@code ask} instead (tests: no native dialog). FX thread. */
    public void answerExportDialogWith(Function<LocalRoom, Path> ask) {
        rooms.actions().exportFile(ask);
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
        FxThread.run(() -> {
            rooms.pushWindows().closeAll();
            windows.hideAll();
        });
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
