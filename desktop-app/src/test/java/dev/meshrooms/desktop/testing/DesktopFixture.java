package dev.meshrooms.desktop.testing;

import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.desktop.instance.AppInstance;
import dev.meshrooms.desktop.launcher.Desktop;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.settings.DesktopPaths;
import dev.meshrooms.desktop.settings.PrivateFileCredentials;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Builds the real desktop into a TestFX stage as the app does (it owns its data directory and takes later launches'
 * files) on a fresh data directory, a fresh config folder (XDG_CONFIG_HOME) and a free port; records browser and exit.
 */
public final class DesktopFixture {
    public final Path dataDir;
    public final Path configHome;
    public final DesktopPaths paths;
    public final Desktop desktop;
    public final CountDownLatch exited = new CountDownLatch(1);
    public volatile String openedUrl;

    public DesktopFixture(Stage stage) {
        this(stage, TempDirs.create("mesh-desktop-test"), TempDirs.create("mesh-desktop-config"));
    }

    /**
     * The app on an existing data directory and config folder: what a restart finds. Cloud tokens go to the private
     * file (never the OS's credential store of the machine running the tests).
     */
    public DesktopFixture(Stage stage, Path dataDir, Path configHome) {
        this.dataDir = dataDir;
        this.configHome = configHome;
        paths = DesktopPaths.from(
                Map.of(DesktopPaths.XDG_CONFIG_HOME, configHome.toString()), "Linux", configHome.resolve("home"));
        LiteSettings settings =
                LiteSettings.from(Map.of(Environment.ADMIN_TOKEN, "test-admin-token-0123456789-abcdefgh"), dataDir, 0);
        desktop = Desktop.create(
                stage,
                new DesktopSession(settings),
                paths,
                new PrivateFileCredentials(paths.credentialsFile()),
                url -> openedUrl = url,
                exited::countDown);
        desktop.acceptHandoffs(
                AppInstance.tryAcquire(new DataDirectory(dataDir)).orElseThrow());
        stage.show();
    }

    /** Waits until the embedded services run and the first rooms list arrived. */
    public void awaitReady() {
        await(60, () -> desktop.window().statusProperty().get().matches("Ready|.*\\d+ rooms?"));
    }

    public static void await(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within " + seconds + " s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    public void close() {
        desktop.close();
    }
}
