package dev.meshrooms.desktop.ui.push;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.desktop.session.CloudPushes;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.session.RoomPush;
import dev.meshrooms.desktop.settings.CloudAccount;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import dev.meshrooms.lite.push.PushResult;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Push to cloud window's content for one room: choose the cloud account and whether to import a new copy, then
 * the push's steps with progress, Pause / Resume / Cancel, and at the end Open in cloud and the id mapping's path.
 * The push itself runs in {@link RoomPush} on the background executor; this class only shows it.
 */
public final class PushController {
    /** Where the window stands. */
    public enum State {
        CHOOSING,
        RUNNING,
        PAUSING,
        PAUSED,
        CANCELLING,
        FAILED,
        DONE
    }

    private final LocalRoom room;
    private final CloudPushes pushes;
    private final BackgroundExecutor executor;
    private final Consumer<String> notice;
    private final Runnable close;
    private final PushProgress progress = new PushProgress();
    private final PushStepsView steps = new PushStepsView();
    private final PushView view;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.CHOOSING);
    private final ReadOnlyObjectWrapper<PushResult> result = new ReadOnlyObjectWrapper<>();
    private final Timeline ticker;
    private RoomPush run;

    /**
     * @param opener     opens a URL in the browser (or a folder in the file manager)
     * @param addAccount opens Settings → Cloud accounts
     * @param notice     a sentence for the main window's status line
     * @param close      hides the window
     */
    public PushController(
            LocalRoom room,
            CloudPushes pushes,
            BackgroundExecutor executor,
            Consumer<String> opener,
            Runnable addAccount,
            Consumer<String> notice,
            Runnable close) {
        this.room = room;
        this.pushes = pushes;
        this.executor = executor;
        this.notice = notice;
        this.close = close;
        this.view = new PushView(room, steps.view(), opener, addAccount, this);
        this.ticker = new Timeline(new KeyFrame(Duration.millis(200), e -> steps.show(progress.views())));
        ticker.setCycleCount(Timeline.INDEFINITE);
        state.addListener((obs, old, s) -> view.show(s));
        view.show(State.CHOOSING);
        steps.show(progress.views());
        refreshAccounts();
    }

    /** Reloads the cloud accounts (one may have been added in Settings meanwhile). */
    public void refreshAccounts() {
        executor.run(
                "listing the cloud accounts",
                () -> new Setup(pushes.accounts().list(), pushes.mappingFolder(room.id())),
                setup -> view.accounts(setup.accounts(), setup.mappingFolder()),
                error -> view.problem(ErrorMessage.of(error)));
    }

    private record Setup(List<CloudAccount> accounts, Path mappingFolder) {}

    /** Push (or Resume, or Push again): a new run from where the cloud stands. */
    public void start() {
        CloudAccount account = view.account();
        if (account == null) {
            view.problem(new ErrorMessage(
                    "No cloud account", "Choose a cloud account, or add one in Settings → Cloud accounts."));
            return;
        }
        start(account, view.asNew());
    }

    /** Starts pushing to {@code account} at once (resuming a push that stopped). */
    public void start(CloudAccount account, boolean asNew) {
        if (state.get() == State.RUNNING || state.get() == State.PAUSING || state.get() == State.CANCELLING) {
            return;
        }
        view.select(account, asNew);
        RoomPush mine = pushes.run(room, account, asNew);
        run = mine;
        progress.reset();
        result.set(null);
        view.problem(null);
        state.set(State.RUNNING);
        steps.show(progress.views());
        ticker.play();
        executor.run(
                "push of " + room.slug() + " to " + account.url(),
                () -> mine.run(progress::accept),
                this::finished,
                this::failed);
    }

    /** Stops the running push; the upload stays on the cloud and Resume goes on from there. */
    public void pause() {
        if (state.get() == State.RUNNING && run != null) {
            state.set(State.PAUSING);
            run.stop();
        }
    }

    /** Stops and closes; what was uploaded stays on the cloud for 24 hours while idle. */
    public void cancel() {
        switch (run == null ? State.CHOOSING : state.get()) {
            case RUNNING, PAUSING -> {
                state.set(State.CANCELLING);
                run.stop();
            }
            case CANCELLING -> {
                // closes when the push has stopped
            }
            case PAUSED, FAILED -> {
                cancelled();
                close.run();
            }
            default -> close.run();
        }
    }

    private void cancelled() {
        notice.accept("Push of " + room.name() + " cancelled. What was uploaded stays on the cloud for 24 hours while"
                + " idle: pushing it again before then goes on from there.");
    }

    private void finished(PushResult done) {
        ticker.stop();
        progress.accept(new dev.meshrooms.core.progress.Progress("done", 1, 1, 0, 0));
        steps.show(progress.views());
        result.set(done);
        view.done(done, run.account());
        state.set(State.DONE);
        notice.accept("Pushed " + room.name() + " to " + run.account().label() + ": " + done.roomUrl());
    }

    private void failed(Throwable error) {
        ticker.stop();
        steps.show(progress.views());
        boolean stopped = error instanceof MeshException mesh && mesh.code() == ErrorCode.CANCELLED;
        if (stopped && state.get() == State.CANCELLING) {
            cancelled();
            state.set(State.CHOOSING);
            close.run();
        } else if (stopped && state.get() == State.PAUSING) {
            state.set(State.PAUSED);
        } else {
            view.problem(PushWording.of(error));
            state.set(State.FAILED);
        }
    }

    /** Whether closing the window now must stop a push first. */
    public boolean busy() {
        State s = state.get();
        return s == State.RUNNING || s == State.PAUSING || s == State.CANCELLING;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PushResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public LocalRoom room() {
        return room;
    }

    public Parent root() {
        return view.root();
    }

    /** For screenshots of a given moment: draws the window in {@code at} with these steps, no push behind it. */
    public void showAt(State at, List<PushStep.View> views) {
        state.set(at);
        steps.show(views);
    }

    /** A label that wraps, for the view's sentences. */
    static Label sentence(String id, String style) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.getStyleClass().add(style);
        return label;
    }

    static VBox box(String style, javafx.scene.Node... children) {
        VBox box = new VBox(6, children);
        box.getStyleClass().add(style);
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }
}
