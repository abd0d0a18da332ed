package dev.meshrooms.desktop.ui.mainwindow;

import dev.meshrooms.desktop.session.CloudCopy;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.ui.common.AppActions;
import dev.meshrooms.lite.push.CloudLimit;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The rooms part of the main window: the list with the selected room's actions (buttons above it, the same in each
 * row's context menu), or, with no rooms yet, what a bundle is and a demo room.
 */
final class RoomsSection {
    private final VBox view = new VBox(8);
    private final TableView<LocalRoom> table;

    RoomsSection(
            ObservableList<LocalRoom> rooms,
            ObservableList<CloudCopy> cloudCopies,
            RoomActions roomActions,
            AppActions actions) {
        Label heading = new Label("Rooms");
        heading.getStyleClass().add("section-title");
        table = RoomsTable.create(rooms, cloudCopies);
        table.setRowFactory(t -> row(roomActions, cloudCopies));
        ReadOnlyObjectProperty<LocalRoom> selected = table.getSelectionModel().selectedItemProperty();
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, heading, spacer);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (Action a : actions(roomActions)) {
            Button button = new Button(a.label());
            button.setId("room-" + a.id());
            button.setMinWidth(Region.USE_PREF_SIZE);
            button.disableProperty().bind(selected.isNull());
            button.setOnAction(e -> a.run().accept(selected.get()));
            button.visibleProperty().bind(Bindings.isNotEmpty(rooms));
            bar.getChildren().add(button);
        }
        StackPane body = new StackPane(table, emptyState(rooms, actions));
        table.visibleProperty().bind(Bindings.isNotEmpty(rooms));
        VBox.setVgrow(body, Priority.ALWAYS);
        view.getChildren().addAll(bar, body);
        VBox.setVgrow(view, Priority.ALWAYS);
    }

    private record Action(String id, String label, Consumer<LocalRoom> run) {}

    private static List<Action> actions(RoomActions r) {
        return List.of(
                new Action("open", "Open in browser", r::openInBrowser),
                new Action("export", "Export…", r::export),
                new Action("push", "Push to cloud…", r::push),
                new Action("remove", "Remove…", r::remove));
    }

    /**
     * A row with the room's context menu (none on the empty rows below the last room), marked while the room's copy on
     * a cloud is over its free tier.
     */
    private static TableRow<LocalRoom> row(RoomActions roomActions, ObservableList<CloudCopy> cloudCopies) {
        TableRow<LocalRoom> row = new TableRow<>() {
            @Override
            protected void updateItem(LocalRoom room, boolean empty) {
                super.updateItem(room, empty);
                boolean over = !empty
                        && room != null
                        && RoomsTable.copiesOf(cloudCopies, room).stream()
                                .anyMatch(c -> c.limit().state() == CloudLimit.State.OVER
                                        && c.limit().enforced()
                                        && !c.limit().billed());
                getStyleClass().remove("cloud-over");
                if (over) {
                    getStyleClass().add("cloud-over");
                }
            }
        };
        ContextMenu menu = new ContextMenu();
        menu.setId("room-menu");
        for (Action a : actions(roomActions)) {
            if (a.id().equals("remove")) {
                menu.getItems().add(new SeparatorMenuItem());
            }
            MenuItem item = new MenuItem(a.label());
            item.setId("menu-room-" + a.id());
            item.setOnAction(e -> a.run().accept(row.getItem()));
            menu.getItems().add(item);
        }
        row.emptyProperty().addListener((obs, was, empty) -> row.setContextMenu(empty ? null : menu));
        return row;
    }

    private static VBox emptyState(ObservableList<LocalRoom> rooms, AppActions actions) {
        Label title = new Label("No rooms here yet");
        title.getStyleClass().add("empty-title");
        Label text =
                new Label("A room bundle (room_<id>.tar.zst) holds a whole room: its messages with their signatures, "
                        + "its members and its pictures and files. Export one from your Mesh community, drop it above, and it "
                        + "becomes a room on this computer that you can open in your browser.");
        text.setWrapText(true);
        text.getStyleClass().add("empty-text");
        text.setMaxWidth(560);
        text.setMinHeight(Region.USE_PREF_SIZE);
        Button demo = new Button("Create demo room");
        demo.setId("create-demo");
        demo.getStyleClass().add("accent");
        demo.setOnAction(e -> actions.createDemoRoom());
        VBox empty = new VBox(10, title, text, demo);
        empty.setAlignment(Pos.CENTER);
        empty.getStyleClass().add("empty-state");
        empty.setId("empty-state");
        empty.visibleProperty().bind(Bindings.isEmpty(rooms));
        return empty;
    }

    VBox view() {
        return view;
    }

    TableView<LocalRoom> table() {
        return table;
    }
}
