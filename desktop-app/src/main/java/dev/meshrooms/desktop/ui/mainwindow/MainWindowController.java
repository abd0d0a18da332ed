package dev.meshrooms.desktop.ui.mainwindow;

import dev.meshrooms.desktop.session.CloudCopy;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.session.ServerState;
import dev.meshrooms.desktop.ui.common.AppActions;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import dev.meshrooms.desktop.ui.exportroom.ExportController;
import dev.meshrooms.desktop.ui.importbundle.BundleFiles;
import dev.meshrooms.desktop.ui.importbundle.ImportController;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/**
 * The main window: the room server's state with Start / Stop / Open in browser, a drop zone for bundles, the import
 * panel, and the rooms of this computer (or, with none yet, what a bundle is and a demo room).
 */
public final class MainWindowController {
    private final DesktopSession session;
    private final BackgroundExecutor executor;
    private final ImportController imports;
    private final ExportController exports;
    private final List<Node> banners;
    private final ObservableList<CloudCopy> cloudCopies;
    private final AppActions actions;
    private final RoomActions roomActions;
    private final ObservableList<LocalRoom> rooms = FXCollections.observableArrayList();
    private final ObjectProperty<ServerState> server = new SimpleObjectProperty<>(ServerState.STOPPED);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Starting the local services…");
    private final VBox root = new VBox(16);
    private final StackPane dropZone = new StackPane();
    private final Label dropText = new Label("Drop room bundles (.tar.zst) here");
    private final TextField adminToken = new TextField();

    private RoomsSection roomsSection;

    /**
     * @param exports the export panel (shown while a room is exported)
     * @param banners     the stopped pushes offered for resuming, the pushed rooms near or over a cloud's limit
     * @param cloudCopies the pushed rooms' copies on clouds, with how each stands (the rooms list shows them)
     */
    public MainWindowController(
            DesktopSession session,
            BackgroundExecutor executor,
            ImportController imports,
            ExportController exports,
            List<Node> banners,
            ObservableList<CloudCopy> cloudCopies,
            AppActions actions,
            RoomActions roomActions) {
        this.session = session;
        this.executor = executor;
        this.imports = imports;
        this.exports = exports;
        this.banners = List.copyOf(banners);
        this.cloudCopies = cloudCopies;
        this.actions = actions;
        this.roomActions = roomActions;
        build();
    }

    private void build() {
        root.getStyleClass().add("main-window");
        root.setId("main-window");
        Label title = new Label("Mesh-Lite");
        title.getStyleClass().add("app-title");
        Label subtitle = new Label("Your community rooms, on this computer");
        subtitle.getStyleClass().add("muted");
        VBox heading = new VBox(2, title, subtitle);
        Button settings = new Button("Settings");
        settings.setId("open-settings");
        settings.getStyleClass().add("flat");
        settings.setOnAction(e -> actions.showSettings());
        Button logs = new Button("Logs");
        logs.setId("open-logs");
        logs.getStyleClass().add("flat");
        logs.setOnAction(e -> actions.showLogs());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(4, heading, gap, settings, logs);
        header.setAlignment(Pos.TOP_LEFT);

        roomsSection = new RoomsSection(rooms, cloudCopies, roomActions, actions);
        VBox roomsView = roomsSection.view();
        root.getChildren().addAll(header, serverCard());
        root.getChildren().addAll(banners);
        root.getChildren().addAll(dropZone(), imports.view(), exports.view(), roomsView, footer());
        // when the window is short, the rooms list gives up its height, never the parts above it
        root.getChildren().stream()
                .filter(child -> child != roomsView && child instanceof Region)
                .forEach(child -> ((Region) child).setMinHeight(Region.USE_PREF_SIZE));
        root.setOnDragOver(this::onDragOver);
        root.setOnDragDropped(this::onDragDropped);
        root.setOnDragExited(e -> dropZone.getStyleClass().remove("drop-zone-active"));
    }

    private HBox adminTokenRow() {
        Label caption = new Label("Admin token (shown once, kept only as a hash — copy it somewhere safe):");
        caption.getStyleClass().add("muted");
        adminToken.setEditable(false);
        adminToken.setId("admin-token");
        HBox.setHgrow(adminToken, Priority.ALWAYS);
        HBox row = new HBox(8, caption, adminToken);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(adminToken.textProperty().isNotEmpty());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    private VBox serverCard() {
        Circle dot = new Circle(6);
        dot.getStyleClass().add("status-dot");
        Label state = new Label();
        state.setId("server-state");
        state.getStyleClass().add("server-state");
        Button start = new Button("Start");
        start.setId("server-start");
        start.getStyleClass().add("accent");
        start.setOnAction(e -> actions.startServer());
        Button stop = new Button("Stop");
        stop.setId("server-stop");
        stop.setOnAction(e -> actions.stopServer());
        Button open = new Button("Open in browser");
        open.setId("server-open");
        open.setOnAction(e -> actions.openInBrowser());
        server.addListener((obs, old, s) -> {
            render(s, dot, state, start, stop, open);
            if (s.running() && session.newAdminToken() != null) {
                adminToken.setText(session.newAdminToken());
            }
        });
        render(server.get(), dot, state, start, stop, open);
        Label caption = new Label("Room server");
        caption.getStyleClass().add("card-caption");
        VBox text = new VBox(2, caption, state);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(12, dot, text, spacer, start, stop, open);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(10, row, adminTokenRow());
        card.getStyleClass().add("card");
        return card;
    }

    private static void render(ServerState s, Circle dot, Label state, Button start, Button stop, Button open) {
        dot.getStyleClass().removeAll("dot-running", "dot-starting", "dot-failed");
        switch (s.status()) {
            case RUNNING -> {
                state.setText("Running at " + s.url());
                dot.getStyleClass().add("dot-running");
            }
            case STARTING -> {
                state.setText("Starting…");
                dot.getStyleClass().add("dot-starting");
            }
            case STOPPING -> {
                state.setText("Stopping…");
                dot.getStyleClass().add("dot-starting");
            }
            case FAILED -> {
                state.setText("Did not start: " + s.problem());
                dot.getStyleClass().add("dot-failed");
            }
            default -> state.setText("Stopped — start it to open your rooms in a browser");
        }
        start.setDisable(!s.canStart());
        stop.setDisable(!s.running());
        open.setDisable(!s.running());
    }

    private StackPane dropZone() {
        dropText.getStyleClass().add("drop-title");
        Label hint = new Label("A bundle is a whole room in one file — exported from Mesh or another Mesh-Lite.");
        hint.getStyleClass().add("muted");
        Button choose = new Button("Choose bundle…");
        choose.setOnAction(e -> actions.chooseBundles());
        VBox content = new VBox(6, dropText, hint, choose);
        content.setAlignment(Pos.CENTER);
        dropZone.getChildren().add(content);
        dropZone.getStyleClass().add("drop-zone");
        dropZone.setId("drop-zone");
        return dropZone;
    }

    private HBox footer() {
        Label status = new Label();
        status.textProperty().bind(this.status);
        status.getStyleClass().add("muted");
        status.setId("status");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label data = new Label("Data: " + session.dataDir());
        data.getStyleClass().add("muted");
        HBox footer = new HBox(12, status, spacer, data);
        footer.getStyleClass().add("footer");
        return footer;
    }

    private void onDragOver(DragEvent event) {
        Dragboard board = event.getDragboard();
        if (board.hasFiles() && BundleFiles.allBundles(board.getFiles())) {
            event.acceptTransferModes(TransferMode.COPY);
            if (!dropZone.getStyleClass().contains("drop-zone-active")) {
                dropZone.getStyleClass().add("drop-zone-active");
            }
        }
        event.consume();
    }

    private void onDragDropped(DragEvent event) {
        Dragboard board = event.getDragboard();
        boolean bundles = board.hasFiles() && BundleFiles.allBundles(board.getFiles());
        if (bundles) {
            drop(board.getFiles().stream().map(File::toPath).toList());
        }
        dropZone.getStyleClass().remove("drop-zone-active");
        event.setDropCompleted(bundles);
        event.consume();
    }

    /** Hands dropped (or chosen, or command-line) bundle paths to the import. */
    public void drop(List<Path> bundles) {
        imports.importFiles(bundles);
    }

    /** Reloads the rooms list from the core. */
    public void refreshRooms() {
        refreshRooms(null);
    }

    /** Reloads the rooms list, then shows {@code notice} (if any) beside the count in the status line. */
    public void refreshRooms(String notice) {
        executor.run(
                "listing the rooms",
                session::rooms,
                list -> {
                    rooms.setAll(list);
                    String count = list.size() == 1 ? "1 room" : list.size() + " rooms";
                    status.set(notice == null ? count : notice + " · " + count);
                },
                error -> status.set(
                        "Could not list the rooms. " + ErrorMessage.of(error).line()));
    }

    public Parent root() {
        return root;
    }

    public ObservableList<LocalRoom> rooms() {
        return rooms;
    }

    public ObjectProperty<ServerState> serverProperty() {
        return server;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public void status(String text) {
        status.set(text);
    }

    public ImportController imports() {
        return imports;
    }

    public StackPane dropZoneNode() {
        return dropZone;
    }

    public ExportController exports() {
        return exports;
    }

    /** The rooms list (tests select a room in it). */
    public TableView<LocalRoom> roomsTable() {
        return roomsSection.table();
    }
}
