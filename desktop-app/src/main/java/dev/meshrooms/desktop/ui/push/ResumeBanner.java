package dev.meshrooms.desktop.ui.push;

import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.desktop.session.CloudPushes;
import dev.meshrooms.desktop.session.StoppedPush;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The main window's banner for pushes that stopped during their upload (paused, cancelled, the app quit): one line
 * each, "Pushing ROOM to CLOUD stopped at …", with Resume (the push goes on from the cloud's offset) and Discard (the
 * cloud deletes the upload).
 */
public final class ResumeBanner {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("d MMM, HH:mm", Locale.ENGLISH).withZone(ZoneId.systemDefault());
    private final CloudPushes pushes;
    private final BackgroundExecutor executor;
    private final Consumer<StoppedPush> resume;
    private final Consumer<String> notice;
    private final ObservableList<StoppedPush> stopped = FXCollections.observableArrayList();
    private final VBox view = new VBox(6);

    /** @param resume opens the push window of the room and starts the push again */
    public ResumeBanner(
            CloudPushes pushes, BackgroundExecutor executor, Consumer<StoppedPush> resume, Consumer<String> notice) {
        this.pushes = pushes;
        this.executor = executor;
        this.resume = resume;
        this.notice = notice;
        view.setId("resume-banner");
        view.getStyleClass().add("note");
        view.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(stopped));
        view.managedProperty().bind(view.visibleProperty());
        view.setMinHeight(Region.USE_PREF_SIZE);
    }

    public Node view() {
        return view;
    }

    public ObservableList<StoppedPush> stopped() {
        return stopped;
    }

    /** Looks for stopped pushes again (at start, and when a push window closes). */
    public void refresh() {
        executor.run("looking for stopped pushes", pushes::stopped, this::show, error -> show(List.of()));
    }

    private void show(List<StoppedPush> found) {
        stopped.setAll(found);
        view.getChildren().setAll(found.stream().map(this::line).toList());
    }

    /** "Pushing ROOM to CLOUD stopped at 1.2 MiB of 3.4 MiB (6 Dec, 14:32)." */
    public static String sentence(StoppedPush s) {
        String at = s.uploaded().isPresent()
                ? "at " + ByteSizes.human(s.uploaded().getAsLong()) + " of "
                        + ByteSizes.human(s.push().bundleBytes())
                : "before it finished";
        return "Pushing " + s.room().name() + " to " + s.account().label() + " stopped " + at + " ("
                + WHEN.format(s.push().stoppedAt()) + ").";
    }

    private Node line(StoppedPush s) {
        Label text = new Label(sentence(s));
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.getStyleClass().add("resume-text");
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button go = new Button("Resume");
        go.setId("resume-push");
        go.getStyleClass().add("accent");
        go.setMinWidth(Region.USE_PREF_SIZE);
        go.setOnAction(e -> {
            stopped.remove(s);
            view.getChildren().remove(go.getParent());
            resume.accept(s);
        });
        Button discard = new Button("Discard");
        discard.setId("discard-push");
        discard.setMinWidth(Region.USE_PREF_SIZE);
        discard.setOnAction(e -> {
            discard.setDisable(true);
            executor.run(
                    "discarding the stopped push of " + s.room().slug(),
                    () -> {
                        pushes.discard(s);
                        return s;
                    },
                    done -> {
                        notice.accept("Discarded the stopped push of "
                                + s.room().name() + " to " + s.account().label() + ".");
                        refresh();
                    },
                    error -> {
                        discard.setDisable(false);
                        notice.accept("Could not discard it. "
                                + ErrorMessage.of(error).line());
                    });
        });
        HBox line = new HBox(10, text, go, discard);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }
}
