package dev.meshrooms.desktop.launcher;

import dev.meshrooms.core.error.MeshException;
import java.util.List;
import javafx.application.Application;

/**
 * The main class: {@code mesh-lite-desktop [--data-dir DIR] [--port PORT] [--autostart] [BUNDLE...]}. When the app
 * already runs on the same data directory, this launch hands its bundles to it and exits with 0 ("Open with" a
 * bundle while Mesh-Lite runs). A plain class, so the JavaFX runtime on the class path starts without module flags.
 */
public final class DesktopMain {
    private DesktopMain() {}

    public static void main(String[] args) {
        DesktopLaunch launch;
        try {
            launch = DesktopLaunch.prepare(List.of(args), System.getenv(), System.out);
        } catch (MeshException e) {
            System.err.println("Mesh-Lite: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (launch.handedOff()) {
            System.exit(0);
        }
        launch.startServicesEarly();
        MeshDesktopApp.prepare(launch);
        Application.launch(MeshDesktopApp.class, args);
        // Javalin keeps a pool thread for a minute after it stopped; everything is closed by now
        System.exit(0);
    }
}
