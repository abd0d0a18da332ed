package dev.meshrooms.desktop.ui.common;

import dev.meshrooms.desktop.settings.Theme;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;

/** The app's stylesheets on every window's scene; switching the theme restyles all of them at once. */
public final class Themes {
    static final String BASE = "/css/desktop.css";
    static final String DARK = "/css/dark.css";
    private final ObjectProperty<Theme> theme;
    private final List<Scene> scenes = new ArrayList<>();

    public Themes(Theme initial) {
        theme = new SimpleObjectProperty<>(initial);
        theme.addListener((obs, old, next) -> scenes.forEach(this::style));
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Styles {@code scene} now and whenever the theme changes. Call on the JavaFX thread. */
    public void register(Scene scene) {
        scenes.add(scene);
        style(scene);
    }

    /** Stops styling {@code scene} (its window is gone for good). */
    public void unregister(Scene scene) {
        scenes.remove(scene);
    }

    private void style(Scene scene) {
        List<String> sheets = new ArrayList<>(List.of(url(BASE)));
        if (theme.get() == Theme.DARK) {
            sheets.add(url(DARK));
        }
        scene.getStylesheets().setAll(sheets);
    }

    private static String url(String resource) {
        return Themes.class.getResource(resource).toExternalForm();
    }

    public static String darkStylesheet() {
        return url(DARK);
    }
}
