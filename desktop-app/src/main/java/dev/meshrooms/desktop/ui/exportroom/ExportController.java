package dev.meshrooms.desktop.ui.exportroom;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.session.ExportTicket;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import dev.meshrooms.desktop.ui.common.Sizes;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The export panel of the main window: one room's bundle written to the file the user chose, in the background,
 * with a progress bar over the bundle's bytes, the time left and Cancel; a failed or cancelled export leaves no file.
 */
public final class ExportController {
    private final DesktopSession session;
    private final BackgroundExecutor executor;
    private final Consumer<String> notice;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ErrorMessage> failure = new ReadOnlyObjectWrapper<>();
    private final AtomicReference<Progress> latest = new AtomicReference<>();
    private final Timeline ticker;
    private final VBox view = new VBox(10);
    private final Label title = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    private final Label bytes = new Label();
    private final Label errorTitle = new Label();
    private final Label errorMessage = new Label();
    private ExportTicket ticket;
    private long startedNanos;

    /** @param notice a sentence for the main window's status line (exported, cancelled) */
    public ExportController(DesktopSession session, BackgroundExecutor executor, Consumer<String> notice) {
        this.session = session;
        this.executor = executor;
        this.notice = notice;
        this.ticker = new Timeline(new KeyFrame(Duration.millis(100), e -> sample()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        build();
    }

    private void build() {
        title.getStyleClass().add("import-title");
        title.setId("export-title");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.getStyleClass().add("import-bar");
        bar.setMinHeight(Region.USE_PREF_SIZE);
        bytes.getStyleClass().add("muted");
        bytes.setId("export-bytes");
        Button cancel = new Button("Cancel");
        cancel.setId("export-cancel");
        cancel.setOnAction(e -> cancel());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(10, bytes, spacer, cancel);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox running = new VBox(10, title, bar, bottom);
        running.getStyleClass().add("import-panel");
        running.visibleProperty().bind(busy);
        running.managedProperty().bind(busy);

        errorTitle.getStyleClass().add("error-title");
        errorMessage.getStyleClass().add("error-message");
        errorMessage.setWrapText(true);
        errorMessage.setId("export-error");
        Button dismiss = new Button("Dismiss");
        dismiss.setOnAction(e -> failure.set(null));
        HBox actions = new HBox(dismiss);
        actions.setAlignment(Pos.CENTER_RIGHT);
        VBox errorBox = new VBox(6, errorTitle, errorMessage, actions);
        errorBox.getStyleClass().add("error-box");
        errorBox.visibleProperty().bind(failure.isNotNull());
        errorBox.managedProperty().bind(failure.isNotNull());
        failure.addListener((obs, old, f) -> {
            errorTitle.setText(f == null ? "" : f.title());
            errorMessage.setText(f == null ? "" : f.sentence());
        });
        view.getChildren().addAll(running, errorBox);
        view.setMinHeight(Region.USE_PREF_SIZE);
        view.visibleProperty().bind(busy.or(failure.isNotNull()));
        view.managedProperty().bind(view.visibleProperty());
    }

    /** Exports {@code room} to {@code file}, unless an export runs already. */
    public void export(LocalRoom room, Path file) {
        if (busy.get()) {
            notice.accept("An export is running; wait for it (or cancel it) before starting another.");
            return;
        }
        ExportTicket mine = new ExportTicket();
        ticket = mine;
        failure.set(null);
        latest.set(null);
        startedNanos = System.nanoTime();
        title.setText("Exporting " + room.name() + " to " + file.getFileName());
        bar.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        bytes.setText("Reading the room…");
        busy.set(true);
        ticker.play();
        executor.run(
                "export of " + room.slug() + " to " + file,
                () -> {
                    session.exportRoom(room.id(), file, latest::set, mine);
                    return file;
                },
                done -> {
                    stop();
                    notice.accept("Exported " + room.name() + " to " + done);
                },
                error -> {
                    stop();
                    if (error instanceof MeshException m && m.code() == ErrorCode.CANCELLED) {
                        notice.accept("Export of " + room.name() + " cancelled; no file was written.");
                    } else {
                        failure.set(ErrorMessage.of(error));
                    }
                });
    }

    public void cancel() {
        if (ticket != null) {
            ticket.cancel();
        }
    }

    private void stop() {
        ticker.stop();
        busy.set(false);
    }

    private void sample() {
        Progress p = latest.get();
        if (p == null || p.bytesTotal() <= 0) {
            return;
        }
        double fraction = Math.min(1, (double) p.bytesDone() / p.bytesTotal());
        bar.setProgress(fraction);
        String text = ByteSizes.human(p.bytesDone()) + " of " + ByteSizes.human(p.bytesTotal());
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        if (fraction > 0.01 && fraction < 1 && seconds >= 1) {
            text += " · about " + Sizes.seconds(Math.round(seconds * (1 - fraction) / fraction)) + " left";
        }
        bytes.setText(text);
    }

    public Node view() {
        return view;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ErrorMessage> failureProperty() {
        return failure.getReadOnlyProperty();
    }
}
