package dev.meshrooms.desktop.ui.common;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** A secondary window (Settings, Logs): made on first use, styled by the app's theme, brought to front when shown again. */
public final class ToolWindow {
    private final Stage stage = new Stage();
    private final Scene scene;

    /** Call on the JavaFX thread. */
    public ToolWindow(Window owner, String title, Parent content, double width, double height, Themes themes) {
        scene = new Scene(content, width, height);
        themes.register(scene);
        stage.initOwner(owner);
        stage.setTitle(title);
        stage.setScene(scene);
        stage.setMinWidth(Math.min(width, 560));
        stage.setMinHeight(Math.min(height, 380));
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public void hide() {
        stage.hide();
    }

    public Stage stage() {
        return stage;
    }

    public Scene scene() {
        return scene;
    }
}
