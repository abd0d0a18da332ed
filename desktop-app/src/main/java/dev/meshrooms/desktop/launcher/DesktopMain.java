package dev.meshrooms.desktop.launcher;

import javafx.application.Application;

/**
 * The main class: {@code mesh-lite-desktop [--data-dir DIR] [--port PORT] [BUNDLE...]}. A plain class, so the JavaFX
 * runtime on the class path starts without module flags.
 */
public final class DesktopMain {
    private DesktopMain() {
    }

    public static void main(String[] args) {
        Application.launch(MeshDesktopApp.class, args);
        // Javalin keeps a pool thread for a minute after it stopped; everything is closed by now
        System.exit(0);
    }
}
