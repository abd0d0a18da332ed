package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.session.CloudPushes;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.settings.CloudAccounts;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.Themes;
import dev.meshrooms.desktop.ui.exportroom.ExportController;
import dev.meshrooms.desktop.ui.push.CloudLimitBanner;
import dev.meshrooms.desktop.ui.push.ResumeBanner;
import dev.meshrooms.desktop.ui.settings.CloudAccountsModel;
import java.util.function.Consumer;
import javafx.stage.Stage;

/**
 * What acts on a room of the list beyond importing it, wired together: the export panel, the push windows with the
 * cloud accounts they push to, the banners of stopped pushes and of pushed rooms near or over their cloud's free
 * tier, and the room actions behind the list's buttons.
 */
record RoomFeatures(
        ExportController exports,
        ResumeBanner banner,
        CloudLimitBanner limits,
        CloudAccountsModel cloudAccounts,
        PushWindows pushWindows,
        DesktopRoomActions actions) {

    /**
     * @param notice            a sentence for the main window's status line
     * @param showCloudAccounts opens Settings → Cloud accounts
     */
    static RoomFeatures create(
            Stage stage,
            DesktopSession session,
            CloudAccounts accounts,
            Themes themes,
            BackgroundExecutor executor,
            Consumer<String> browser,
            Consumer<String> notice,
            Runnable showCloudAccounts) {
        CloudPushes pushes = new CloudPushes(session, accounts);
        ExportController exports = new ExportController(session, executor, notice);
        PushWindows[] windows = new PushWindows[1];
        ResumeBanner banner = new ResumeBanner(pushes, executor, stopped -> windows[0].resume(stopped), notice);
        CloudLimitBanner limits = new CloudLimitBanner(pushes, executor, browser);
        Runnable refresh = () -> {
            banner.refresh();
            limits.refresh();
        };
        windows[0] = new PushWindows(stage, themes, pushes, executor, browser, showCloudAccounts, notice, refresh);
        return new RoomFeatures(
                exports,
                banner,
                limits,
                new CloudAccountsModel(accounts, executor, refresh),
                windows[0],
                new DesktopRoomActions(session, executor, stage, browser, exports, windows[0]));
    }
}
