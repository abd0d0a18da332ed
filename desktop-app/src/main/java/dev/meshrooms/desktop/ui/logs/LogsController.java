package dev.meshrooms.desktop.ui.logs;

import dev.meshrooms.desktop.logs.LogTail;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The Logs window's content: the log file's path, Open folder, Copy path, and its last lines, following it live. */
public final class LogsController {
    static final int TAIL_BYTES = 256 * 1024;
    private final LogTail tail;
    private final BackgroundExecutor executor;
    private final Consumer<String> opener;
    private final Timeline ticker;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final VBox root = new VBox(10);
    private final TextArea area = new TextArea();
    private boolean reading;

    /** @param opener opens a file URL with the desktop (the folder in the file manager) */
    public LogsController(Path logFile, BackgroundExecutor executor, Consumer<String> opener) {
        this.tail = new LogTail(logFile, TAIL_BYTES);
        this.executor = executor;
        this.opener = opener;
        this.ticker = new Timeline(new KeyFrame(Duration.millis(500), e -> refresh()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        build();
    }

    private void build() {
        root.getStyleClass().add("dialog-window");
        root.setId("logs");
        Label title = new Label("Logs");
        title.getStyleClass().add("window-title");
        Label explain = new Label("What Mesh-Lite did, newest at the bottom. When asking for help, send this file.");
        explain.getStyleClass().add("hint");

        TextField path = new TextField(tail.file().toString());
        path.setId("log-path");
        path.setEditable(false);
        path.getStyleClass().add("path-field");
        HBox.setHgrow(path, Priority.ALWAYS);
        Button open = new Button("Open folder");
        open.setId("log-open-folder");
        open.setOnAction(e -> openFolder());
        Button copy = new Button("Copy path");
        copy.setId("log-copy-path");
        copy.setOnAction(e -> copyPath());
        HBox pathRow = new HBox(8, path, copy, open);
        pathRow.setAlignment(Pos.CENTER_LEFT);

        area.setId("log-text");
        area.setEditable(false);
        area.setWrapText(true);
        area.getStyleClass().add("log-view");
        area.textProperty().bind(text);
        VBox.setVgrow(area, Priority.ALWAYS);
        Label footer =
                new Label("Shows the last 256 KB and follows the file. Older lines: mesh-lite.1.log … mesh-lite.3.log "
                        + "in the same folder.");
        footer.getStyleClass().add("hint");
        root.getChildren().addAll(title, explain, pathRow, area, footer);
    }

    /** Starts following the file (the window shows). */
    public void start() {
        refresh();
        ticker.play();
    }

    /** Stops following it (the window hides). */
    public void stop() {
        ticker.stop();
    }

    private void refresh() {
        if (reading) {
            return;
        }
        reading = true;
        executor.run(
                "reading the log file",
                tail::poll,
                latest -> {
                    reading = false;
                    if (latest != null) {
                        text.set(latest);
                        area.positionCaret(latest.length());
                        area.setScrollTop(Double.MAX_VALUE);
                    }
                },
                error -> {
                    reading = false;
                    text.set(ErrorMessage.of(error).line());
                });
    }

    public void openFolder() {
        opener.accept(tail.file().getParent().toUri().toString());
    }

    public void copyPath() {
        ClipboardContent content = new ClipboardContent();
        content.putString(tail.file().toString());
        Clipboard.getSystemClipboard().setContent(content);
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public Path file() {
        return tail.file();
    }

    /** Where the keyboard focus goes when the window opens: the log text, so the path does not show selected. */
    public javafx.scene.Node initialFocus() {
        return area;
    }

    public Parent root() {
        return root;
    }
}
