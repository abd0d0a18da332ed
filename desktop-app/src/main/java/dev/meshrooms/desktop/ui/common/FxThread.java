package dev.meshrooms.desktop.ui.common;

import javafx.application.Platform;

/** Runs on the JavaFX thread: now when already there, else later. */
public final class FxThread {
    private FxThread() {}

    public static void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
