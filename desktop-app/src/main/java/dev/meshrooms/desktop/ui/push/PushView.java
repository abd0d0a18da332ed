package dev.meshrooms.desktop.ui.push;

import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.settings.CloudAccount;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import dev.meshrooms.desktop.ui.common.Sizes;
import dev.meshrooms.desktop.ui.push.PushController.State;
import dev.meshrooms.lite.push.PushResult;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The nodes of the Push to cloud window, shown per {@link State}; its buttons call the {@link PushController}. */
final class PushView {
    private final VBox root = new VBox(12);
    private final ComboBox<CloudAccount> account = new ComboBox<>();
    private final CheckBox asNew = new CheckBox("Import as a new copy");
    private final VBox choose;
    private final VBox noAccount;
    private final Label mappingHint = PushController.sentence("push-mapping-hint", "hint");
    private final Label message = PushController.sentence("push-message", "push-message");
    private final Label errorTitle = PushController.sentence("push-error-title", "error-title");
    private final Label error = PushController.sentence("push-error", "error-message");
    private final VBox errorBox = PushController.box("error-box", errorTitle, error);
    private final Label outcome = PushController.sentence("push-result", "push-result-text");
    private final TextField mapping = new TextField();
    private final VBox resultBox;
    private final Button start = button("push-start", "Push", true);
    private final Button pause = button("push-pause", "Pause", false);
    private final Button resume = button("push-resume", "Resume", true);
    private final Button cancel = button("push-cancel", "Cancel", false);
    private final Button close = button("push-close", "Close", false);
    private final Label cancelHint = PushController.sentence("push-cancel-hint", "hint");
    private final Consumer<String> opener;
    private PushResult shown;

    PushView(LocalRoom room, Node steps, Consumer<String> opener, Runnable addAccount, PushController push) {
        this.opener = opener;
        root.getStyleClass().add("dialog-window");
        root.setId("push");
        Label title = new Label("Push " + room.name() + " to a cloud");
        title.setId("push-title");
        title.getStyleClass().add("window-title");
        title.setWrapText(true);
        Label explain = PushController.sentence("push-explain", "hint");
        explain.setText("The room is exported, uploaded (an upload that stops goes on from where it stopped) and"
                + " imported by the cloud, which checks the bundle before anything is kept.");

        account.setId("push-account");
        account.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(account, Priority.ALWAYS);
        Label accountLabel = new Label("Cloud account");
        accountLabel.getStyleClass().add("form-label");
        accountLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox accountRow = new HBox(10, accountLabel, account);
        accountRow.setAlignment(Pos.CENTER_LEFT);
        asNew.setId("push-as-new");
        Label asNewHint = PushController.sentence("push-as-new-hint", "hint");
        asNewHint.setText("Only when the cloud imported this room before and should keep a second, separate copy."
                + " Whether the room gets a shard of its own is left to the cloud.");
        choose = new VBox(8, accountRow, asNew, asNewHint, mappingHint);

        Label none = PushController.sentence("push-no-account", "muted");
        none.setText("No cloud account yet. Add one — the cloud's address and an import token from its admin — in"
                + " Settings → Cloud accounts.");
        Button add = button("push-add-account", "Add a cloud account…", false);
        add.setOnAction(e -> addAccount.run());
        noAccount = PushController.box("note", none, add);
        noAccount.setVisible(false);

        Button openCloud = button("push-open-cloud", "Open in cloud", true);
        openCloud.setOnAction(e -> opener.accept(shown.roomUrl()));
        mapping.setId("push-mapping");
        mapping.setEditable(false);
        mapping.getStyleClass().add("path-field");
        HBox.setHgrow(mapping, Priority.ALWAYS);
        Button copy = button("push-copy-mapping", "Copy path", false);
        copy.setOnAction(e -> copyMappingPath());
        Button showFile = button("push-show-mapping", "Show file", false);
        showFile.setOnAction(
                e -> opener.accept(shown.mappingFile().getParent().toUri().toString()));
        Label mappingLabel = new Label("Id mapping (old → new ids on the cloud):");
        mappingLabel.getStyleClass().add("hint");
        HBox mappingRow = new HBox(8, mapping, copy, showFile);
        mappingRow.setAlignment(Pos.CENTER_LEFT);
        resultBox = PushController.box("push-result", outcome, new HBox(openCloud), mappingLabel, mappingRow);
        resultBox.setId("push-done");
        resultBox.setVisible(false);
        errorBox.setVisible(false);
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.textProperty().isNotEmpty());

        start.setOnAction(e -> push.start());
        resume.setOnAction(e -> push.start());
        pause.setOnAction(e -> push.pause());
        cancel.setOnAction(e -> push.cancel());
        close.setOnAction(e -> push.cancel());
        cancelHint.setText("Cancel stops the push. What was uploaded stays on the cloud for 24 hours while idle, so"
                + " pushing the room again before then goes on from there.");
        cancelHint.managedProperty().bind(cancelHint.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, cancel, pause, resume, start, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        for (Node b : buttons.getChildren()) {
            b.managedProperty().bind(b.visibleProperty());
        }
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        root.getChildren()
                .addAll(
                        title,
                        explain,
                        noAccount,
                        choose,
                        steps,
                        message,
                        errorBox,
                        resultBox,
                        grow,
                        buttons,
                        cancelHint);
    }

    private static Button button(String id, String text, boolean accent) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        if (accent) {
            button.getStyleClass().add("accent");
        }
        return button;
    }

    void accounts(List<CloudAccount> accounts, Path mappingFolder) {
        CloudAccount chosen = account.getValue();
        account.getItems().setAll(accounts);
        if (chosen != null && accounts.contains(chosen)) {
            account.setValue(chosen);
        } else if (!accounts.isEmpty()) {
            account.setValue(accounts.get(0));
        }
        noAccount.setVisible(accounts.isEmpty());
        mappingHint.setText("The cloud's id mapping (room_<cloud id>.mapping.json) will be written into this room's"
                + " push folder, " + mappingFolder + ".");
    }

    CloudAccount account() {
        return account.getValue();
    }

    boolean asNew() {
        return asNew.isSelected();
    }

    void select(CloudAccount chosen, boolean copy) {
        if (!account.getItems().contains(chosen)) {
            account.getItems().add(chosen);
        }
        account.setValue(chosen);
        asNew.setSelected(copy);
        noAccount.setVisible(false);
    }

    void problem(ErrorMessage problem) {
        errorBox.setVisible(problem != null);
        errorTitle.setText(problem == null ? "" : problem.title());
        error.setText(problem == null ? "" : problem.sentence());
    }

    void done(PushResult result, CloudAccount to) {
        shown = result;
        String signatures;
        if ("NONE".equals(result.importResult().path("signatureCheck").asText())) {
            signatures = "its signatures were not checked during the import";
        } else if (result.signaturesChecked() > 0) {
            signatures = Sizes.count(result.signaturesValid()) + " of " + Sizes.count(result.signaturesChecked())
                    + " signatures checked during the import verify";
        } else {
            signatures = "signatures by authors new there are checked where the room shows them";
        }
        outcome.setText("Pushed to " + to.label() + ": the room is at " + result.roomUrl() + " — "
                + Sizes.count(result.messages()) + " messages, " + Sizes.count(result.mediaFiles()) + " media files;"
                + " " + signatures + ".");
        mapping.setText(result.mappingFile().toString());
    }

    private void copyMappingPath() {
        ClipboardContent content = new ClipboardContent();
        content.putString(mapping.getText());
        Clipboard.getSystemClipboard().setContent(content);
    }

    void show(State state) {
        boolean choosing = state == State.CHOOSING;
        // paused or failed: the account and the copy option may change before pushing again
        choose.setDisable(!(choosing || state == State.PAUSED || state == State.FAILED));
        start.setVisible(choosing);
        pause.setVisible(state == State.RUNNING || state == State.PAUSING);
        pause.setDisable(state == State.PAUSING);
        pause.setText(state == State.PAUSING ? "Pausing…" : "Pause");
        resume.setVisible(state == State.PAUSED || state == State.FAILED);
        resume.setText(state == State.FAILED ? "Push again" : "Resume");
        cancel.setVisible(state != State.DONE);
        cancel.setDisable(state == State.CANCELLING);
        close.setVisible(state == State.DONE);
        cancelHint.setVisible(state != State.CHOOSING && state != State.DONE);
        resultBox.setVisible(state == State.DONE);
        message.setText(
                switch (state) {
                    case PAUSED -> "Paused. What was uploaded stays on the cloud; Resume goes on from there.";
                    case CANCELLING -> "Stopping the push…";
                    default -> "";
                });
        if (state == State.DONE) {
            close.requestFocus();
        }
    }

    Parent root() {
        return root;
    }
}
