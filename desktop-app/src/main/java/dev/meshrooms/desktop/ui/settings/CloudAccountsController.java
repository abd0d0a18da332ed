package dev.meshrooms.desktop.ui.settings;

import dev.meshrooms.desktop.settings.CloudAccount;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Settings → Cloud accounts: the clouds rooms are pushed to, Remove, and a new account checked as it is added. */
public final class CloudAccountsController {
    private final CloudAccountsModel model;
    private final VBox root = new VBox(10);
    private final ListView<CloudAccount> list = new ListView<>();

    public CloudAccountsController(CloudAccountsModel model) {
        this.model = model;
        build();
    }

    private void build() {
        root.setId("cloud-accounts");
        root.setPadding(new Insets(12, 0, 0, 0));
        Label explain = new Label("Clouds are Mesh or Mesh-Lite servers you push rooms to. Each needs an import token"
                + " from its admin: it can upload and import rooms there and nothing else.");
        explain.setWrapText(true);
        explain.setMinHeight(Region.USE_PREF_SIZE);
        explain.getStyleClass().add("hint");

        list.setId("cloud-list");
        list.setItems(model.accounts());
        list.setPrefHeight(120);
        list.setPlaceholder(new Label("No cloud account yet: add one below."));
        Button remove = new Button("Remove");
        remove.setId("cloud-remove");
        remove.disableProperty()
                .bind(list.getSelectionModel().selectedItemProperty().isNull().or(model.busyProperty()));
        remove.setOnAction(e -> model.remove(list.getSelectionModel().getSelectedItem()));
        HBox listRow = new HBox(8, list, remove);
        HBox.setHgrow(list, Priority.ALWAYS);

        Label addTitle = new Label("Add a cloud");
        addTitle.getStyleClass().add("form-label");
        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        labels.setHalignment(HPos.RIGHT);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(labels, fields);
        TextField url = field(new TextField(), "cloud-url", "https://mesh.example.org");
        url.textProperty().bindBidirectional(model.urlProperty());
        TextField name = field(new TextField(), "cloud-name", "optional, e.g. Riverside community");
        name.textProperty().bindBidirectional(model.nameProperty());
        PasswordField token = field(new PasswordField(), "cloud-token", "the import token from the cloud's admin");
        token.textProperty().bindBidirectional(model.tokenProperty());
        form.addRow(0, new Label("Address"), url);
        form.addRow(1, new Label("Name"), name);
        form.addRow(2, new Label("Import token"), token);
        Button add = new Button("Check and add");
        add.setId("cloud-add");
        add.getStyleClass().add("accent");
        add.disableProperty().bind(model.busyProperty());
        add.setOnAction(e -> model.add());
        HBox addRow = new HBox(add);
        addRow.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);

        Label problem = bound("cloud-problem", "field-error", model.problemProperty());
        Label message = bound("cloud-message", "saved", model.messageProperty());
        Label where = new Label();
        where.setId("cloud-where");
        where.getStyleClass().add("hint");
        where.setWrapText(true);
        where.setMinHeight(Region.USE_PREF_SIZE);
        where.textProperty()
                .bind(javafx.beans.binding.Bindings.when(model.whereProperty().isEmpty())
                        .then("")
                        .otherwise(javafx.beans.binding.Bindings.concat(
                                "Tokens are kept in ", model.whereProperty(), ", never in settings.json.")));
        root.getChildren().addAll(explain, listRow, addTitle, form, addRow, problem, message, where);
    }

    private static <T extends TextField> T field(T field, String id, String prompt) {
        field.setId(id);
        field.setPromptText(prompt);
        return field;
    }

    private static Label bound(String id, String style, javafx.beans.value.ObservableStringValue text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(style);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    public CloudAccountsModel model() {
        return model;
    }

    public ListView<CloudAccount> list() {
        return list;
    }

    public Node root() {
        return root;
    }
}
