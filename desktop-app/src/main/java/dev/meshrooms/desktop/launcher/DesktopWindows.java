package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.Themes;
import dev.meshrooms.desktop.ui.common.ToolWindow;
import dev.meshrooms.desktop.ui.logs.LogsController;
import dev.meshrooms.desktop.ui.settings.CloudAccountsController;
import dev.meshrooms.desktop.ui.settings.CloudAccountsModel;
import dev.meshrooms.desktop.ui.settings.SettingsController;
import dev.meshrooms.desktop.ui.settings.SettingsModel;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/** The Settings and Logs windows, made on first use and owned by the main window. Use on the JavaFX thread. */
final class DesktopWindows {
    private final Stage owner;
    private final Themes themes;
    private final SettingsModel settingsModel;
    private final CloudAccountsModel cloudAccounts;
    private final Path logFile;
    private final BackgroundExecutor executor;
    private final Consumer<String> opener;
    private ToolWindow settings;
    private SettingsController settingsController;
    private ToolWindow logs;
    private LogsController logsController;

    DesktopWindows(
            Stage owner,
            Themes themes,
            SettingsModel settingsModel,
            CloudAccountsModel cloudAccounts,
            Path logFile,
            BackgroundExecutor executor,
            Consumer<String> opener) {
        this.owner = owner;
        this.themes = themes;
        this.settingsModel = settingsModel;
        this.cloudAccounts = cloudAccounts;
        this.logFile = logFile;
        this.executor = executor;
        this.opener = opener;
    }

    ToolWindow settings() {
        if (settings == null) {
            settingsController =
                    new SettingsController(settingsModel, new CloudAccountsController(cloudAccounts), () -> {
                        settingsModel.revert();
                        settings.hide();
                    });
            settings = new ToolWindow(owner, "Mesh-Lite — Settings", settingsController.root(), 660, 640, themes);
            settings.stage().setOnCloseRequest(e -> settingsModel.revert());
            settings.stage()
                    .addEventHandler(
                            WindowEvent.WINDOW_SHOWN,
                            e -> settingsController.initialFocus().requestFocus());
        }
        return settings;
    }

    void showSettings() {
        ToolWindow window = settings();
        if (!window.stage().isShowing()) {
            settingsModel.reset();
            settingsController.showGeneral();
        }
        window.show();
    }

    /** Settings, on its Cloud accounts tab. */
    void showCloudAccounts() {
        ToolWindow window = settings();
        if (!window.stage().isShowing()) {
            settingsModel.reset();
        }
        settingsController.showCloudAccounts();
        window.show();
    }

    ToolWindow logs() {
        if (logs == null) {
            logsController = new LogsController(logFile, executor, opener);
            logs = new ToolWindow(owner, "Mesh-Lite — Logs", logsController.root(), 900, 560, themes);
            logs.stage().setOnShown(e -> logsController.start());
            logs.stage().setOnHidden(e -> logsController.stop());
            logs.stage()
                    .addEventHandler(
                            WindowEvent.WINDOW_SHOWN,
                            e -> logsController.initialFocus().requestFocus());
        }
        return logs;
    }

    void showLogs() {
        logs().show();
    }

    void hideAll() {
        if (settings != null) {
            settings.hide();
        }
        if (logs != null) {
            logs.hide();
        }
    }

    SettingsController settingsController() {
        settings();
        return settingsController;
    }

    LogsController logsController() {
        logs();
        return logsController;
    }
}
