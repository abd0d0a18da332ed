package dev.meshrooms.desktop.ui.settings;

import dev.meshrooms.desktop.settings.Theme;
import java.io.File;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * The Settings window's content: the General tab bound to a {@link SettingsModel} (Save and Close call it, nothing
 * more) and the Cloud accounts tab ({@link CloudAccountsController}).
 */
public final class SettingsController {
    private final SettingsModel model;
    private final CloudAccountsController clouds;
    private final Runnable close;
    private final VBox root = new VBox(10);
    private final TabPane tabs = new TabPane();
    private final Tab general = new Tab("General");
    private final Tab cloudsTab = new Tab("Cloud accounts");
    private Button save;

    /** @param close hides the window (after {@link SettingsModel#revert()} when nothing was saved) */
    public SettingsController(SettingsModel model, CloudAccountsController clouds, Runnable close) {
        this.model = model;
        this.clouds = clouds;
        this.close = close;
        build();
    }

    private void build() {
        root.getStyleClass().add("dialog-window");
        root.setId("settings");
        Label title = new Label("Settings");
        title.getStyleClass().add("window-title");

        GridPane form = new GridPane();
        form.setHgap(14);
        form.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        labels.setHalignment(HPos.RIGHT);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(labels, fields);

        TextField dataDir = new TextField();
        dataDir.setId("settings-data-dir");
        dataDir.getStyleClass().add("path-field");
        dataDir.textProperty().bindBidirectional(model.dataDirProperty());
        Button choose = new Button("Choose…");
        choose.setOnAction(e -> chooseFolder());
        HBox.setHgrow(dataDir, Priority.ALWAYS);
        HBox dirRow = new HBox(8, dataDir, choose);
        row(form, 0, "Data directory", dirRow, "Rooms, their database, pictures and logs live here.");

        TextField port = new TextField();
        port.setId("settings-port");
        port.setPrefColumnCount(6);
        port.setMaxWidth(Region.USE_PREF_SIZE);
        port.textProperty().bindBidirectional(model.portProperty());
        row(form, 2, "Server port", port, "The room server answers at http://localhost:<port>.");

        CheckBox login = new CheckBox("Start the room server when I log in");
        login.setId("settings-start-at-login");
        login.selectedProperty().bindBidirectional(model.startAtLoginProperty());
        login.setDisable(!model.autostartSupported());
        row(
                form,
                4,
                "Start at login",
                login,
                model.autostartSupported()
                        ? "Mesh-Lite starts in the tray (or its window) and starts the room server."
                        : model.autostartUnsupportedReason());

        ToggleGroup themes = new ToggleGroup();
        RadioButton light = themeButton(Theme.LIGHT, themes);
        RadioButton dark = themeButton(Theme.DARK, themes);
        themes.selectToggle(model.themeProperty().get() == Theme.DARK ? dark : light);
        model.themeProperty().addListener((obs, old, t) -> themes.selectToggle(t == Theme.DARK ? dark : light));
        themes.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t != null) {
                model.themeProperty().set((Theme) t.getUserData());
            }
        });
        row(form, 6, "Theme", new HBox(18, light, dark), "Applied right away.");

        Label restart = new Label("The data directory and the port take effect the next time Mesh-Lite starts its "
                + "services: quit it (from the window or the tray) and open it again. Running now: "
                + model.inUse().dataDir() + ", port " + model.inUse().port() + ".");
        restart.setWrapText(true);
        restart.setMinHeight(Region.USE_PREF_SIZE);
        restart.setId("settings-restart-note");
        VBox note = new VBox(restart);
        note.getStyleClass().add("note");

        Label problem = new Label();
        problem.setId("settings-problem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        problem.textProperty().bind(model.problemProperty());
        problem.visibleProperty().bind(model.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        Label message = new Label();
        message.setId("settings-message");
        message.getStyleClass().add("saved");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        Label file = new Label("Settings are kept in " + model.settingsFile() + ". A --data-dir or --port flag, or "
                + "MESH_DATA_DIR / MESH_PORT in the environment, win over them.");
        file.getStyleClass().add("hint");
        file.setWrapText(true);
        file.setMinHeight(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button closeButton = new Button("Close");
        closeButton.setId("settings-close");
        closeButton.setCancelButton(true);
        closeButton.setOnAction(e -> close.run());
        Button save = new Button("Save");
        save.setId("settings-save");
        save.getStyleClass().add("accent");
        save.setDefaultButton(true);
        save.setOnAction(e -> model.save());
        closeButton.setMinWidth(Region.USE_PREF_SIZE);
        save.setMinWidth(Region.USE_PREF_SIZE);
        this.save = save;
        HBox buttons = new HBox(8, spacer, closeButton, save);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        save.visibleProperty()
                .bind(tabs.getSelectionModel().selectedItemProperty().isEqualTo(general));
        save.managedProperty().bind(save.visibleProperty());

        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        VBox generalPage = new VBox(14, form, note, problem, message, grow, file);
        generalPage.setPadding(new javafx.geometry.Insets(14, 0, 0, 0));
        general.setContent(generalPage);
        general.setClosable(false);
        general.setId("settings-tab-general");
        cloudsTab.setContent(clouds.root());
        cloudsTab.setClosable(false);
        cloudsTab.setId("settings-tab-clouds");
        cloudsTab.setOnSelectionChanged(e -> {
            if (cloudsTab.isSelected()) {
                clouds.model().refresh();
            }
        });
        tabs.getTabs().addAll(general, cloudsTab);
        tabs.setId("settings-tabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        root.getChildren().addAll(title, tabs, buttons);
    }

    /** Shows the General tab. */
    public void showGeneral() {
        tabs.getSelectionModel().select(general);
    }

    /** Shows the Cloud accounts tab (and reloads its list). */
    public void showCloudAccounts() {
        tabs.getSelectionModel().select(cloudsTab);
        clouds.model().refresh();
    }

    public CloudAccountsController clouds() {
        return clouds;
    }

    private static void row(GridPane form, int row, String label, javafx.scene.Node field, String hint) {
        Label caption = new Label(label);
        caption.getStyleClass().add("form-label");
        Label help = new Label(hint);
        help.getStyleClass().add("hint");
        help.setWrapText(true);
        help.setMinHeight(Region.USE_PREF_SIZE);
        form.add(caption, 0, row);
        form.add(field, 1, row);
        form.add(help, 1, row + 1);
        GridPane.setMargin(help, new javafx.geometry.Insets(0, 0, 8, 0));
    }

    private RadioButton themeButton(Theme theme, ToggleGroup group) {
        RadioButton button = new RadioButton(theme.label());
        button.setId("settings-theme-" + theme.id());
        button.setUserData(theme);
        button.setToggleGroup(group);
        return button;
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Mesh-Lite data directory");
        File current = new File(model.dataDirProperty().get());
        if (current.isDirectory()) {
            chooser.setInitialDirectory(current);
        }
        File chosen = chooser.showDialog(root.getScene().getWindow());
        if (chosen != null) {
            model.dataDirProperty().set(chosen.getAbsolutePath());
        }
    }

    /** Where the keyboard focus goes when the window opens (not a text field, whose text would show selected). */
    public javafx.scene.Node initialFocus() {
        return save;
    }

    public Parent root() {
        return root;
    }

    public SettingsModel model() {
        return model;
    }
}
