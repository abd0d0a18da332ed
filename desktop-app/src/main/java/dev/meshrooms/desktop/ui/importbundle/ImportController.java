package dev.meshrooms.desktop.ui.importbundle;

import dev.meshrooms.core.bundle.ImportResult;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.desktop.session.DesktopSession;
import dev.meshrooms.desktop.session.ImportTicket;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.Sizes;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
 * The import panel: one bundle at a time through the core importer, its phases (verify → database → media → links →
 * done), a progress bar over the bundle's bytes with an ETA, Cancel, and the importer's message when it refuses.
 */
public final class ImportController {
    private final DesktopSession session;
    private final BackgroundExecutor executor;
    private final Consumer<ImportResult> onImported;
    private final Deque<Path> queue = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ImportFailure> failure = new ReadOnlyObjectWrapper<>();
    private final AtomicReference<String> phase = new AtomicReference<>();
    private final Timeline ticker;
    private ImportTicket ticket;
    private Path current;
    private long startedNanos;

    private final VBox view = new VBox(10);
    private final Label title = new Label();
    private final HBox steps = new HBox(6);
    private final ProgressBar bar = new ProgressBar(0);
    private final Label bytes = new Label();
    private final Button cancel = new Button("Cancel");
    private final Label errorTitle = new Label();
    private final Label errorMessage = new Label();
    private final Button dismiss = new Button("Dismiss");
    private final VBox errorBox = new VBox(6);

    public ImportController(DesktopSession session, BackgroundExecutor executor, Consumer<ImportResult> onImported) {
        this.session = session;
        this.executor = executor;
        this.onImported = onImported;
        this.ticker = new Timeline(new KeyFrame(Duration.millis(100), e -> sample()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        build();
    }

    private void build() {
        title.getStyleClass().add("import-title");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setMinHeight(Region.USE_PREF_SIZE);
        bar.getStyleClass().add("import-bar");
        bytes.getStyleClass().add("muted");
        cancel.setOnAction(e -> cancel());
        cancel.setId("import-cancel");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bottom = new HBox(10, bytes, spacer, cancel);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox running = new VBox(10, title, steps, bar, bottom);
        running.getStyleClass().add("import-panel");
        running.visibleProperty().bind(busy);
        running.managedProperty().bind(busy);

        errorTitle.getStyleClass().add("error-title");
        errorMessage.getStyleClass().add("error-message");
        errorMessage.setWrapText(true);
        errorMessage.setId("import-error");
        dismiss.setOnAction(e -> failure.set(null));
        HBox errorActions = new HBox(dismiss);
        errorActions.setAlignment(Pos.CENTER_RIGHT);
        errorBox.getChildren().addAll(errorTitle, errorMessage, errorActions);
        errorBox.getStyleClass().add("error-box");
        errorBox.visibleProperty().bind(failure.isNotNull());
        errorBox.managedProperty().bind(failure.isNotNull());
        failure.addListener((obs, old, f) -> {
            errorTitle.setText(f == null ? "" : f.title());
            errorMessage.setText(f == null ? "" : f.message());
        });

        view.getChildren().addAll(running, errorBox);
        view.setMinHeight(Region.USE_PREF_SIZE);
        view.visibleProperty().bind(busy.or(failure.isNotNull()));
        view.managedProperty().bind(view.visibleProperty());
    }

    public Node view() {
        return view;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ImportFailure> failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** Queues bundles and imports them one after the other. */
    public void importFiles(List<Path> files) {
        queue.addAll(files);
        if (!busy.get()) {
            next();
        }
    }

    public void cancel() {
        queue.clear();
        if (ticket != null) {
            ticket.cancel();
        }
    }

    private void next() {
        Path file = queue.poll();
        if (file == null) {
            busy.set(false);
            ticker.stop();
            return;
        }
        failure.set(null);
        current = file;
        ticket = new ImportTicket();
        ImportTicket mine = ticket;
        phase.set("verify");
        startedNanos = System.nanoTime();
        busy.set(true);
        show(file.getFileName().toString(), ImportPhase.VERIFY, 0, -1, -1);
        ticker.play();
        executor.run(
                "import of " + file,
                () -> session.importBundle(file, p -> phase.set(p.phase()), mine),
                result -> {
                    onImported.accept(result);
                    next();
                },
                error -> {
                    queue.clear();
                    busy.set(false);
                    ticker.stop();
                    failure.set(ImportFailure.of(error));
                });
    }

    private void sample() {
        ImportTicket t = ticket;
        if (t == null || current == null) {
            return;
        }
        long elapsed = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        long read = t.bytesRead();
        long total = t.fileSize();
        long eta = read > 0 && total > 0 && elapsed > 0 ? (total - read) * elapsed / read : -1;
        show(current.getFileName().toString(), ImportPhase.of(phase.get()), read, total, eta);
    }

    /** Draws one progress sample; the ticker calls it, screenshots of a given state too. */
    public void show(String bundleName, ImportPhase now, long read, long total, long etaSeconds) {
        title.setText("Importing " + bundleName);
        List<Node> labels = new ArrayList<>();
        for (ImportPhase p : ImportPhase.values()) {
            if (!labels.isEmpty()) {
                Label arrow = new Label("→");
                arrow.getStyleClass().add("muted");
                labels.add(arrow);
            }
            Label step = new Label(p.label());
            step.getStyleClass()
                    .add(p == now ? "step-current" : p.ordinal() < now.ordinal() ? "step-done" : "step-todo");
            labels.add(step);
        }
        steps.getChildren().setAll(labels);
        bar.setProgress(total > 0 ? Math.min(1.0, (double) read / total) : ProgressBar.INDETERMINATE_PROGRESS);
        String text =
                total > 0 ? ByteSizes.human(read) + " of " + ByteSizes.human(total) : ByteSizes.human(read) + " read";
        if (etaSeconds >= 0 && now != ImportPhase.DONE) {
            text += " · about " + Sizes.seconds(etaSeconds) + " left";
        }
        bytes.setText(text);
    }

    /** For screenshots and tests: shows the panel in its running state without an import behind it. */
    public void showRunning(String bundleName, ImportPhase now, long read, long total, long etaSeconds) {
        busy.set(true);
        show(bundleName, now, read, total, etaSeconds);
    }

    /** Hides the panel again after {@link #showRunning}. */
    public void reset() {
        busy.set(false);
        failure.set(null);
    }
}
