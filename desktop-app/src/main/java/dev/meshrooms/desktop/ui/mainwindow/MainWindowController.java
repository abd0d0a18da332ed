package dev.meshrooms.desktop.ui.mainwindow;

import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.session.ServerState;
import dev.meshrooms.desktop.ui.common.AppActions;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
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
    private final AppActions actions;
    private final ObservableList<LocalRoom> rooms = FXCollections.observableArrayList();
    private final ObjectProperty<ServerState> server = new SimpleObjectProperty<>(ServerState.STOPPED);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Starting the local services…");
    private final VBox root = new VBox(16);
    private final StackPane dropZone = new StackPane();
    private final Label dropText = new Label("Drop room bundles (.tar.zst) here");
    private final TextField adminToken = new TextField();

    public MainWindowController(
            DesktopSession session, BackgroundExecutor executor, ImportController imports, AppActions actions) {
        this.session = session;
        this.executor = executor;
        this.imports = imports;
        this.actions = actions;
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

        VBox roomsSection = roomsSection();
        root.getChildren().addAll(header, serverCard(), dropZone(), imports.view(), roomsSection, footer());
        // when the window is short, the rooms list gives up its height, never the parts above it
        root.getChildren().stream()
                .filter(child -> child != roomsSection && child instanceof Region)
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

    private VBox roomsSection() {
        Label heading = new Label("Rooms");
        heading.getStyleClass().add("section-title");
        TableView<LocalRoom> table = RoomsTable.create(rooms);
        StackPane body = new StackPane(table, emptyState());
        table.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(rooms));
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox section = new VBox(8, heading, body);
        VBox.setVgrow(section, Priority.ALWAYS);
        return section;
    }

    private VBox emptyState() {
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
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(rooms));
        return empty;
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
}
