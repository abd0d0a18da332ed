package dev.meshrooms.desktop.ui.mainwindow;

import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.desktop.session.CloudCopy;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.ui.common.Sizes;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The rooms list: name, slug, messages, media size, when the room was made and when it came to this computer, and,
 * for a room pushed to a cloud, how its copy there stands against the cloud's free tier.
 */
final class RoomsTable {
    private static final DateTimeFormatter ADDED =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private RoomsTable() {}

    static TableView<LocalRoom> create(ObservableList<LocalRoom> rooms, ObservableList<CloudCopy> cloudCopies) {
        TableView<LocalRoom> table = new TableView<>(rooms);
        table.setId("rooms-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Name", LocalRoom::name, 200, false));
        table.getColumns().add(column("Slug", LocalRoom::slug, 90, false));
        table.getColumns().add(column("Messages", r -> Sizes.count(r.messages()), 80, true));
        table.getColumns().add(column("Media", r -> ByteSizes.human(r.mediaBytes()), 80, true));
        table.getColumns()
                .add(column("Created", r -> r.createdAt() == null ? "" : ADDED.format(r.createdAt()), 120, false));
        table.getColumns()
                .add(column("Added here", r -> r.addedAt() == null ? "" : ADDED.format(r.addedAt()), 120, false));
        TableColumn<LocalRoom, String> cloud = column(
                "In the cloud",
                r -> copiesOf(cloudCopies, r).stream()
                        .map(CloudCopy::shortState)
                        .collect(Collectors.joining("; ")),
                170,
                false);
        cloud.setId("cloud-column");
        table.getColumns().add(cloud);
        cloudCopies.addListener((ListChangeListener<CloudCopy>) change -> table.refresh());
        table.setFixedCellSize(34);
        return table;
    }

    static List<CloudCopy> copiesOf(List<CloudCopy> copies, LocalRoom room) {
        return copies.stream().filter(c -> c.room().id().equals(room.id())).toList();
    }

    private static TableColumn<LocalRoom, String> column(
            String title, Function<LocalRoom, String> value, double width, boolean right) {
        TableColumn<LocalRoom, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        column.setSortable(false);
        if (right) {
            column.setStyle("-fx-alignment: CENTER-RIGHT;");
        } else {
            column.setStyle("-fx-alignment: CENTER-LEFT;");
        }
        return column;
    }
}
