package dev.meshrooms.desktop.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** When no browser could be opened: the address to copy, with a sentence saying what to do. */
public final class AddressDialog {
    private AddressDialog() {}

    public static Alert create(Window owner, String address) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("Open in your browser");
        alert.setHeaderText("No browser could be opened from here");
        TextField field = new TextField(address);
        field.setEditable(false);
        field.setId("address");
        field.setPrefColumnCount(36);
        Button copy = new Button("Copy");
        copy.setId("copy-address");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(address);
            Clipboard.getSystemClipboard().setContent(content);
            copy.setText("Copied");
        });
        HBox row = new HBox(8, field, copy);
        HBox.setHgrow(field, Priority.ALWAYS);
        Label sentence = new Label("Copy this address and open it in your web browser: this computer has no default"
                + " browser set, or it did not answer.");
        sentence.setWrapText(true);
        VBox box = new VBox(10, sentence, row);
        box.setPrefWidth(480);
        alert.getDialogPane().setContent(box);
        return alert;
    }
}
