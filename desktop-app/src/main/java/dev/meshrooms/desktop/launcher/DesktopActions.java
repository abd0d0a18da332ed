package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.ui.common.AppActions;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import dev.meshrooms.desktop.ui.importbundle.BundleFiles;
import dev.meshrooms.desktop.ui.mainwindow.MainWindowController;
import java.io.File;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/** The actions behind the window's buttons and the tray menu, run on the background executor. */
final class DesktopActions implements AppActions {
    private final DesktopSession session;
    private final BackgroundExecutor executor;
    private final Stage stage;
    private final Consumer<String> browser;
    private final Runnable exit;
    private MainWindowController window;
    private DesktopWindows windows;

    DesktopActions(
            DesktopSession session, BackgroundExecutor executor, Stage stage, Consumer<String> browser, Runnable exit) {
        this.session = session;
        this.executor = executor;
        this.stage = stage;
        this.browser = browser;
        this.exit = exit;
    }

    void window(MainWindowController window) {
        this.window = window;
    }

    void windows(DesktopWindows windows) {
        this.windows = windows;
    }

    @Override
    public void startServer() {
        executor.run("starting the room server", session::startServer);
    }

    @Override
    public void stopServer() {
        executor.run("stopping the room server", session::stopServer);
    }

    @Override
    public void openInBrowser() {
        if (session.serverState().running()) {
            browser.accept(session.serverState().url() + "/rooms");
        }
    }

    @Override
    public void showWindow() {
        Platform.runLater(() -> {
            stage.show();
            stage.toFront();
        });
    }

    @Override
    public void chooseBundles() {
        Platform.runLater(() -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Import room bundles");
            chooser.getExtensionFilters()
                    .add(new FileChooser.ExtensionFilter("Room bundles", "*" + BundleFiles.EXTENSION));
            stage.show();
            List<File> files = chooser.showOpenMultipleDialog(stage);
            if (files != null && !files.isEmpty()) {
                window.drop(files.stream().map(File::toPath).toList());
            }
        });
    }

    @Override
    public void createDemoRoom() {
        window.status("Creating the demo room…");
        executor.run(
                "creating the demo room",
                session::createDemoRoom,
                room -> window.refreshRooms("Created " + room.name()),
                error -> window.status("Could not create the demo room. "
                        + ErrorMessage.of(error).line()));
    }

    @Override
    public void showSettings() {
        Platform.runLater(windows::showSettings);
    }

    @Override
    public void showLogs() {
        Platform.runLater(windows::showLogs);
    }

    @Override
    public void quit() {
        Platform.runLater(() -> window.status("Stopping the room server and the database…"));
        executor.run("quitting", () -> {
            try {
                session.close();
            } finally {
                exit.run();
            }
        });
    }
}
