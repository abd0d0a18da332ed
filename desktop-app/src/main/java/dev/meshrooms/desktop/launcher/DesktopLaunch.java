package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.instance.AppInstance;
import dev.meshrooms.desktop.instance.HandoffClient;
import dev.meshrooms.desktop.logs.LogFile;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.settings.DesktopPaths;
import dev.meshrooms.desktop.settings.SettingsStore;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * A launch, decided before any window opens: the options, the settings they resolve to, and either this process's
 * claim on the data directory or, when the app already runs there, the files handed to it.
 */
record DesktopLaunch(
        DesktopOptions options,
        LiteSettings settings,
        DesktopPaths paths,
        Optional<AppInstance> instance,
        DesktopSession session) {
    static final Duration HANDOFF_PATIENCE = Duration.ofSeconds(30);

    static DesktopLaunch prepare(List<String> args, Map<String, String> env, PrintStream out) {
        DesktopOptions options = DesktopOptions.parse(args);
        DesktopPaths paths = DesktopPaths.from(env);
        LiteSettings settings = options.settings(env, new SettingsStore(paths.settingsFile()).load());
        DataDirectory dir = new DataDirectory(settings.dataDir());
        Optional<AppInstance> instance = AppInstance.tryAcquire(dir);
        if (instance.isEmpty()) {
            int taken = new HandoffClient(dir, HANDOFF_PATIENCE).send(options.bundles());
            out.println("Mesh-Lite already runs on " + dir.root() + ": brought its window to the front"
                    + (taken == 0
                            ? ""
                            : " and handed it " + taken + (taken == 1 ? " bundle" : " bundles") + " to import"));
        }
        return new DesktopLaunch(
                options, settings, paths, instance, instance.isPresent() ? new DesktopSession(settings) : null);
    }

    /**
     * Starts logging into the data directory and the local services (PostgreSQL, S3 store) on a background thread,
     * while JavaFX starts and the window is built; the window's own start of the services waits for this one.
     */
    void startServicesEarly() {
        LogFile.install(new DataDirectory(settings.dataDir()));
        Thread early = new Thread(
                () -> {
                    try {
                        session.open();
                    } catch (RuntimeException e) {
                        // the window's own start repeats it and shows the reason
                        LoggerFactory.getLogger(DesktopLaunch.class)
                                .warn("starting the local services failed: {}", e.getMessage());
                    }
                },
                "mesh-desktop-services");
        early.setDaemon(true);
        early.start();
    }

    /** True when another app on the same data directory took this launch's files; this process has nothing to do. */
    boolean handedOff() {
        return instance.isEmpty();
    }
}
