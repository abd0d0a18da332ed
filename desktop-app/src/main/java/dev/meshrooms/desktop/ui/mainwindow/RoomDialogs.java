package dev.meshrooms.desktop.ui.mainwindow;

import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.ui.common.Sizes;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** The questions a room action asks first. Shown with {@code show()}; the caller acts on the result when it closes. */
public final class RoomDialogs {
    public static final ButtonType REMOVE = new ButtonType("Remove for good", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType KEEP = new ButtonType("Keep it", ButtonBar.ButtonData.CANCEL_CLOSE);
    public static final ButtonType START = new ButtonType("Start and open", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType NOT_NOW = new ButtonType("Not now", ButtonBar.ButtonData.CANCEL_CLOSE);

    private RoomDialogs() {}

    /** Remove ROOM? Says that it cannot be undone, and what it does not touch. */
    public static Alert confirmRemoval(Window owner, LocalRoom room) {
        Alert alert = new Alert(Alert.AlertType.WARNING, "", REMOVE, KEEP);
        alert.initOwner(owner);
        alert.setTitle("Remove " + room.name());
        alert.setHeaderText("Remove " + room.name() + " from this computer?");
        Label text = new Label("Its " + Sizes.count(room.messages()) + " messages, its members, pictures and files are"
                + " deleted from this computer's Mesh-Lite for good. This cannot be undone.\n\n"
                + "Not touched: bundles of it you exported, copies of it on a cloud or on other servers, and the id"
                + " mappings of earlier pushes. Export it first if you may want it back here.");
        text.setWrapText(true);
        text.setPrefWidth(460);
        text.setId("remove-text");
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().lookupButton(REMOVE).setId("remove-confirm");
        alert.getDialogPane().lookupButton(KEEP).setId("remove-cancel");
        // the safe answer is the default one
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(REMOVE)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(KEEP)).setDefaultButton(true);
        return alert;
    }

    /** The room server is stopped: start it and open the room? */
    public static Alert startServer(Window owner, LocalRoom room) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", START, NOT_NOW);
        alert.initOwner(owner);
        alert.setTitle("Open " + room.name());
        alert.setHeaderText("The room server is stopped");
        Label text = new Label("Your browser shows the rooms through the room server on this computer. Start it now"
                + " and open " + room.name() + "?");
        text.setWrapText(true);
        text.setPrefWidth(420);
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().lookupButton(START).setId("open-start-server");
        alert.getDialogPane().lookupButton(NOT_NOW).setId("open-not-now");
        return alert;
    }
}
