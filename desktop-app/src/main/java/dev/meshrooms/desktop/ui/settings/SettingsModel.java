package dev.meshrooms.desktop.ui.settings;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.desktop.settings.Autostart;
import dev.meshrooms.desktop.settings.DesktopSettings;
import dev.meshrooms.desktop.settings.SettingsStore;
import dev.meshrooms.desktop.settings.Theme;
import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Path;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings form as a plain model: fields as properties, {@link #save()} validates, writes settings.json and the
 * login entry; the theme applies as soon as it is chosen ({@link #revert()} undoes an unsaved choice). The data
 * directory and port are those of the next start: {@link #restartNeededProperty()} says when they differ from what
 * runs now.
 */
public final class SettingsModel {
    private final SettingsStore store;
    private final Autostart autostart;
    private final LiteSettings inUse;
    private final ObjectProperty<Theme> appliedTheme;
    private final StringProperty dataDir = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final BooleanProperty startAtLogin = new SimpleBooleanProperty();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper restartNeeded = new ReadOnlyBooleanWrapper(false);
    private DesktopSettings saved;

    /**
     * @param inUse        the settings the running services use
     * @param appliedTheme the theme the windows show (the form's choice is applied to it live)
     */
    public SettingsModel(
            SettingsStore store, Autostart autostart, LiteSettings inUse, ObjectProperty<Theme> appliedTheme) {
        this.store = store;
        this.autostart = autostart;
        this.inUse = inUse;
        this.appliedTheme = appliedTheme;
        this.saved = store.load();
        theme.addListener((obs, old, next) -> appliedTheme.set(next));
        reset();
    }

    /** Puts the saved values back into the form (what opening the window shows). */
    public void reset() {
        dataDir.set(
                (saved.dataDir() == null ? LiteSettings.defaultDataDir(System.getenv()) : saved.dataDir()).toString());
        port.set(Integer.toString(saved.port()));
        startAtLogin.set(autostart.supported() && autostart.enabled());
        theme.set(saved.theme());
        problem.set("");
        message.set("");
    }

    /** Closing without saving: the theme goes back to the saved one. */
    public void revert() {
        reset();
        appliedTheme.set(saved.theme());
    }

    /** The form's values, checked; throws a {@link MeshException} naming the field that is wrong. */
    public DesktopSettings edited() {
        String dir = dataDir.get() == null ? "" : dataDir.get().trim();
        if (dir.isEmpty()) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "Data directory: choose a folder (the default is " + LiteSettings.defaultDataDir(System.getenv())
                            + ")");
        }
        int p;
        try {
            p = Integer.parseInt(port.get().trim());
        } catch (NumberFormatException e) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "Server port: \"" + port.get() + "\" is not a whole number; "
                            + "choose one from 1 to 65535 (default " + LiteSettings.DEFAULT_PORT + ")");
        }
        Path path = Path.of(dir).toAbsolutePath().normalize();
        Path defaultDir =
                LiteSettings.defaultDataDir(System.getenv()).toAbsolutePath().normalize();
        return new DesktopSettings(path.equals(defaultDir) ? null : path, p, startAtLogin.get(), theme.get())
                .validate();
    }

    /** Validates and stores the form; false (and {@link #problemProperty()} says why) when something is wrong. */
    public boolean save() {
        DesktopSettings next;
        try {
            next = edited();
            if (autostart.supported()) {
                autostart.set(next.startAtLogin());
            }
            store.save(next);
        } catch (MeshException e) {
            problem.set(e.getMessage());
            message.set("");
            return false;
        }
        saved = next;
        problem.set("");
        Path nextDir = next.dataDir() == null ? LiteSettings.defaultDataDir(System.getenv()) : next.dataDir();
        restartNeeded.set(!Objects.equals(
                        nextDir.toAbsolutePath().normalize(),
                        inUse.dataDir().toAbsolutePath().normalize())
                || next.port() != inUse.port());
        message.set(
                restartNeeded.get()
                        ? "Saved. The new data directory and port take effect the next time Mesh-Lite starts."
                        : "Saved to " + store.file());
        return true;
    }

    public DesktopSettings saved() {
        return saved;
    }

    public boolean autostartSupported() {
        return autostart.supported();
    }

    public String autostartUnsupportedReason() {
        return autostart.unsupportedReason();
    }

    public Path settingsFile() {
        return store.file();
    }

    public LiteSettings inUse() {
        return inUse;
    }

    public StringProperty dataDirProperty() {
        return dataDir;
    }

    public StringProperty portProperty() {
        return port;
    }

    public BooleanProperty startAtLoginProperty() {
        return startAtLogin;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty restartNeededProperty() {
        return restartNeeded.getReadOnlyProperty();
    }
}
