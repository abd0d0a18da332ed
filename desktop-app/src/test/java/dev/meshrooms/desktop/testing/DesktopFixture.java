package dev.meshrooms.desktop.testing;

import dev.meshrooms.desktop.launcher.Desktop;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** Builds the real desktop into a TestFX stage on a fresh data directory and a free port; records browser and exit. */
public final class DesktopFixture {
    public final Path dataDir;
    public final Desktop desktop;
    public final CountDownLatch exited = new CountDownLatch(1);
    public volatile String openedUrl;

    public DesktopFixture(Stage stage) {
        try {
            dataDir = Files.createTempDirectory("mesh-desktop-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LiteSettings settings = LiteSettings.from(Map.of(Environment.ADMIN_TOKEN, "test-admin-token-0123456789"), dataDir, 0);
        desktop = Desktop.create(stage, settings, url -> openedUrl = url, exited::countDown);
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
