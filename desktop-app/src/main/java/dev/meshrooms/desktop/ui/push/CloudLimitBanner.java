package dev.meshrooms.desktop.ui.push;

import dev.meshrooms.desktop.session.CloudCopy;
import dev.meshrooms.desktop.session.CloudPushes;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
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
 * The main window's banner for rooms whose copy on a cloud is near or over its free tier: one line each with the
 * cloud's figures and that messages still work, and <em>Open on the cloud</em> (the copy's settings page, where its
 * admin adds billing or re-centralises it). It also holds every copy's standing for the rooms list.
 */
public final class CloudLimitBanner {
    private final CloudPushes pushes;
    private final BackgroundExecutor executor;
    private final Consumer<String> browser;
    private final ObservableList<CloudCopy> copies = FXCollections.observableArrayList();
    private final ObservableList<CloudCopy> attention = FXCollections.observableArrayList();
    private final VBox view = new VBox(6);
    /** Refreshes may end out of order: only the latest one's answer is shown. */
    private long asked;

    /** @param browser opens a page in the default browser */
    public CloudLimitBanner(CloudPushes pushes, BackgroundExecutor executor, Consumer<String> browser) {
        this.pushes = pushes;
        this.executor = executor;
        this.browser = browser;
        view.setId("cloud-limit-banner");
        view.getStyleClass().add("note");
        view.visibleProperty().bind(Bindings.isNotEmpty(attention));
        view.managedProperty().bind(view.visibleProperty());
        view.setMinHeight(Region.USE_PREF_SIZE);
    }

    public Node view() {
        return view;
    }

    /** Every pushed copy with its standing (the rooms list shows them). */
    public ObservableList<CloudCopy> copies() {
        return copies;
    }

    /**
     * Asks the clouds again (at start, and when a push window or Cloud accounts changes); the banner keeps what it had
     * meanwhile. FX thread.
     */
    public void refresh() {
        long ask = ++asked;
        executor.run(
                "asking the clouds how pushed rooms stand",
                pushes::copies,
                found -> {
                    if (ask == asked) {
                        show(found);
                    }
                },
                error -> {});
    }

    private void show(List<CloudCopy> found) {
        copies.setAll(found);
        attention.setAll(found.stream().filter(c -> c.limit().needsAttention()).toList());
        view.getChildren().setAll(attention.stream().map(this::line).toList());
    }

    private Node line(CloudCopy copy) {
        Label text = new Label(copy.sentence());
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.getStyleClass().add("resume-text");
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button open = new Button("Open on the cloud");
        open.setId("open-cloud-settings");
        open.setMinWidth(Region.USE_PREF_SIZE);
        open.setOnAction(e -> browser.accept(copy.settingsUrl()));
        HBox line = new HBox(10, text, open);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }
}
