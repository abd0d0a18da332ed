package dev.meshrooms.desktop.launcher;

import dev.meshrooms.desktop.instance.AppInstance;
import dev.meshrooms.desktop.instance.HandoffClient;
import dev.meshrooms.desktop.settings.DesktopPaths;
import dev.meshrooms.desktop.settings.SettingsStore;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A launch, decided before any window opens: the options, the settings they resolve to, and either this process's
 * claim on the data directory or, when the app already runs there, the files handed to it.
 */
record DesktopLaunch(DesktopOptions options, LiteSettings settings, DesktopPaths paths, Optional<AppInstance> instance) {
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
                    + (taken == 0 ? "" : " and handed it " + taken + (taken == 1 ? " bundle" : " bundles") + " to import"));
        }
        return new DesktopLaunch(options, settings, paths, instance);
    }

    /** True when another app on the same data directory took this launch's files; this process has nothing to do. */
    boolean handedOff() {
        return instance.isEmpty();
    }
}
