package dev.meshrooms.desktop.launcher;

import dev.meshrooms.core.bundle.BundleNames;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import dev.meshrooms.desktop.ui.exportroom.ExportController;
import dev.meshrooms.desktop.ui.importbundle.BundleFiles;
import dev.meshrooms.desktop.ui.mainwindow.MainWindowController;
import dev.meshrooms.desktop.ui.mainwindow.RoomActions;
import dev.meshrooms.desktop.ui.mainwindow.RoomDialogs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.scene.control.Alert;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/** The actions on one room of the list: open it in the browser, export it, push it to a cloud, remove it. */
final class DesktopRoomActions implements RoomActions {
    private final DesktopSession session;
    private final BackgroundExecutor executor;
    private final Stage stage;
    private final Consumer<String> browser;
    private final ExportController exports;
    private final PushWindows pushWindows;
    private MainWindowController window;
    private Function<LocalRoom, Path> exportFile = this::askExportFile;

    DesktopRoomActions(
            DesktopSession session,
            BackgroundExecutor executor,
            Stage stage,
            Consumer<String> browser,
            ExportController exports,
            PushWindows pushWindows) {
        this.session = session;
        this.executor = executor;
        this.stage = stage;
        this.browser = browser;
        this.exports = exports;
        this.pushWindows = pushWindows;
    }

    void window(MainWindowController window) {
        this.window = window;
    }

    /** Where Export… saves (the save dialog; tests answer it themselves). Null: the user cancelled. */
    void exportFile(Function<LocalRoom, Path> ask) {
        this.exportFile = ask;
    }

    @Override
    public void openInBrowser(LocalRoom room) {
        String url = session.roomUrl(room.slug());
        if (url != null) {
            browser.accept(url);
            return;
        }
        Alert ask = RoomDialogs.startServer(stage, room);
        ask.setOnHidden(e -> {
            if (ask.getResult() == RoomDialogs.START) {
                startAndOpen(room);
            }
        });
        ask.show();
    }

    private void startAndOpen(LocalRoom room) {
        window.status("Starting the room server…");
        executor.run(
                "starting the room server to open " + room.slug(),
                () -> {
                    session.startServer();
                    return session.roomUrl(room.slug());
                },
                url -> {
                    if (url == null) {
                        window.status("The room server is not running yet; open the room again in a moment.");
                    } else {
                        window.status("Opened " + room.name() + " at " + url);
                        browser.accept(url);
                    }
                },
                error -> window.status("The room server did not start. "
                        + ErrorMessage.of(error).line()));
    }

    @Override
    public void export(LocalRoom room) {
        Path file = exportFile.apply(room);
        if (file != null) {
            exports.export(room, file);
        }
    }

    private Path askExportFile(LocalRoom room) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + room.name());
        chooser.setInitialFileName(BundleNames.fileName(room.id()));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Room bundles", "*" + BundleFiles.EXTENSION));
        Path home = Path.of(System.getProperty("user.home"));
        Path downloads = home.resolve("Downloads");
        chooser.setInitialDirectory((Files.isDirectory(downloads) ? downloads : home).toFile());
        File chosen = chooser.showSaveDialog(stage);
        return chosen == null ? null : chosen.toPath();
    }

    @Override
    public void push(LocalRoom room) {
        pushWindows.show(room);
    }

    @Override
    public void remove(LocalRoom room) {
        Alert ask = RoomDialogs.confirmRemoval(stage, room);
        ask.setOnHidden(e -> {
            if (ask.getResult() == RoomDialogs.REMOVE) {
                removeNow(room);
            } else {
                window.status("Kept " + room.name());
            }
        });
        ask.show();
    }

    private void removeNow(LocalRoom room) {
        window.status("Removing " + room.name() + "…");
        executor.run(
                "removing room " + room.slug(),
                () -> {
                    session.removeRoom(room.id());
                    return room;
                },
                removed -> window.refreshRooms("Removed " + removed.name()),
                error -> window.status("Could not remove " + room.name() + ". "
                        + ErrorMessage.of(error).line()));
    }
}
