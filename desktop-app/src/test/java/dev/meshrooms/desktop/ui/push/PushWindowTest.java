package dev.meshrooms.desktop.ui.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.testing.CloudServer;
import dev.meshrooms.desktop.testing.DesktopFixture;
import dev.meshrooms.desktop.testing.Drops;
import dev.meshrooms.desktop.testing.RealBundle;
import dev.meshrooms.desktop.testing.Screenshots;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.push.CloudPush;
import dev.meshrooms.lite.push.PushOptions;
import dev.meshrooms.lite.push.PushResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@DisplayName("Push to cloud and Cloud accounts (real JavaFX stages, this Mesh-Lite and a second one as the cloud)")
class PushWindowTest {
    private DesktopFixture fx;

    @Start
    void start(Stage stage) {
        fx = new DesktopFixture(stage);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }

    private static void onFx(Runnable work) throws Exception {
        WaitForAsyncUtils.asyncFx(work).get();
    }

    private Stage settingsStage() throws Exception {
        return onFx(() -> fx.desktop.settingsStage());
    }

    /** Settings → Cloud accounts, filled in and Check and add clicked, as a person does it. */
    private Label addAccount(FxRobot robot, String url, String name, String token) throws Exception {
        if (!settingsStage().isShowing()) {
            robot.clickOn("#open-settings");
            DesktopFixture.await(20, () -> settingsStage().isShowing());
        }
        robot.clickOn("Cloud accounts");
        onFx(() -> {
            robot.lookup("#cloud-url").queryAs(TextField.class).setText(url);
            robot.lookup("#cloud-name").queryAs(TextField.class).setText(name);
            robot.lookup("#cloud-token").queryAs(TextField.class).setText(token);
        });
        robot.clickOn("#cloud-add");
        var model = onFx(() -> fx.desktop.settings().clouds().model());
        DesktopFixture.await(
                30,
                () -> !model.busyProperty().get()
                        && (!model.problemProperty().get().isEmpty()
                                || model.messageProperty().get().startsWith("Added")));
        return robot.lookup("#cloud-problem").queryAs(Label.class);
    }

    private LocalRoom onlyRoom() {
        DesktopFixture.await(90, () -> fx.desktop.window().rooms().size() == 1);
        return fx.desktop.window().rooms().get(0);
    }

    /** Selects the room in the list and opens its push window, with the (only) account chosen. */
    private PushController openPushWindow(FxRobot robot, LocalRoom room) throws Exception {
        robot.clickOn(room.name());
        robot.clickOn("#room-push");
        PushController push = pushWindow(room);
        DesktopFixture.await(
                20, () -> robot.lookup("#push-account").queryAs(ComboBox.class).getValue() != null);
        return push;
    }

    /** Waits until the push is done or has failed. */
    private static void awaitEnd(PushController push) {
        DesktopFixture.await(
                120,
                () -> push.stateProperty().get() == PushController.State.DONE
                        || push.stateProperty().get() == PushController.State.FAILED);
    }

    private PushController pushWindow(LocalRoom room) throws Exception {
        DesktopFixture.await(
                20, () -> onFx(() -> fx.desktop.pushWindow(room.id()).isPresent()));
        return onFx(() -> fx.desktop.pushWindow(room.id()).orElseThrow());
    }

    @Test
    @DisplayName(
            "an import token added in Cloud accounts is checked and kept in a 0600 file, not settings.json; the room is"
                    + " pushed from the window with progress and ends with Open in cloud; the cloud has it")
    void pushFromTheWindow(FxRobot robot) throws Exception {
        try (CloudServer cloud = new CloudServer()) {
            fx.awaitReady();
            robot.clickOn("#create-demo");
            LocalRoom room = onlyRoom();
            String token = cloud.importToken();

            Label problem = addAccount(robot, cloud.url(), "Riverside cloud", token);

            assertThat(problem.isVisible()).as(problem.getText()).isFalse();
            assertThat(robot.lookup("#cloud-message").queryAs(Label.class).getText())
                    .startsWith("Added Riverside cloud")
                    .contains("may import rooms");
            DesktopFixture.await(
                    10,
                    () -> robot.lookup("#cloud-where")
                            .queryAs(Label.class)
                            .getText()
                            .contains(fx.paths.credentialsFile().toString()));
            onFx(() -> Screenshots.save(settingsStage().getScene(), "cloud-accounts"));
            Path tokens = fx.paths.credentialsFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens.getParent())))
                    .isEqualTo("rwx------");
            assertThat(Files.readString(tokens)).contains(token);
            assertThat(Files.readString(fx.paths.settingsFile()))
                    .contains(cloud.url(), "Riverside cloud")
                    .doesNotContain(token);
            robot.clickOn("#settings-close");

            PushController push = openPushWindow(robot, room);
            Stage stage = onFx(() -> fx.desktop.pushStage(room.id()).orElseThrow());

            // the window in the middle of an upload, drawn from a push's own progress events
            AtomicLong now = new AtomicLong();
            PushProgress midway = new PushProgress(now::get);
            midway.accept(new Progress("export", 0, -1, 0, -1));
            now.set(3_000_000_000L);
            midway.accept(new Progress("export", 14, 14, 50_500_000, 50_500_000));
            midway.accept(new Progress("upload", 0, -1, 0, 50_500_000));
            now.set(11_000_000_000L);
            midway.accept(new Progress("upload", 0, -1, 21_000_000, 50_500_000));
            onFx(() -> push.showAt(PushController.State.RUNNING, midway.views()));
            assertThat(robot.lookup("#push-detail-upload").queryAs(Label.class).getText())
                    .contains("of 48.2 MiB", "/s", "left");
            onFx(() -> Screenshots.save(stage.getScene(), "push-dialog"));
            onFx(() -> push.showAt(PushController.State.CHOOSING, new PushProgress().views()));

            robot.clickOn("#push-start");
            awaitEnd(push);
            assertThat(robot.lookup("#push-error").queryAs(Label.class).getText())
                    .as("no failure")
                    .isEmpty();
            PushResult result = push.resultProperty().get();
            assertThat(result.roomUrl()).startsWith(cloud.url() + "/room/");
            assertThat(result.messages()).isEqualTo(room.messages());
            assertThat(robot.lookup("#push-open-cloud").queryButton().isVisible())
                    .isTrue();
            assertThat(robot.lookup("#push-detail-cloud").queryAs(Label.class).getText())
                    .isEqualTo("Imported");
            assertThat(robot.lookup("#push-mapping").queryAs(TextField.class).getText())
                    .isEqualTo(result.mappingFile().toString());
            assertThat(result.mappingFile())
                    .exists()
                    .hasParent(fx.dataDir.resolve("pushes").resolve(room.id().toString()));
            onFx(() -> Screenshots.save(stage.getScene(), "push-done"));

            robot.clickOn("#push-open-cloud");
            DesktopFixture.await(10, () -> result.roomUrl().equals(fx.openedUrl));
            assertThat(cloud.roomSlugs()).contains(room.slug());
            assertThat(fx.desktop.window().statusProperty().get()).startsWith("Pushed " + room.name());
            robot.clickOn("#push-close");
            DesktopFixture.await(10, () -> !stage.isShowing());
        }
    }

    @Test
    @DisplayName(
            "a pushed room over its cloud's free tier is marked in the rooms list, and the banner gives the cloud's"
                    + " figures and opens the room's settings there")
    void overTheCloudsFreeTier(FxRobot robot) throws Exception {
        Map<String, String> freeTier = Map.of(
                Environment.FREE_TIER_ENFORCED, "true",
                Environment.FREE_TIER_DAYS, "1",
                Environment.IMPORT_SHARDED, "true");
        try (CloudServer cloud = new CloudServer(freeTier)) {
            fx.awaitReady();
            robot.clickOn("#create-demo");
            LocalRoom room = onlyRoom();
            assertThat(addAccount(robot, cloud.url(), "Riverside cloud", cloud.importToken())
                            .getText())
                    .isEmpty();
            robot.clickOn("#settings-close");
            PushController push = openPushWindow(robot, room);
            robot.clickOn("#push-start");
            awaitEnd(push);
            assertThat(robot.lookup("#push-error").queryAs(Label.class).getText())
                    .isEmpty();
            PushResult result = push.resultProperty().get();
            // the cloud's sampler: once now, and again two days on, past the one-day free tier
            Instant now = Instant.now();
            cloud.sampleUsage(now);
            cloud.sampleUsage(now.plus(Duration.ofDays(2)));

            Stage stage = onFx(() -> fx.desktop.pushStage(room.id()).orElseThrow());
            robot.clickOn("#push-close");
            DesktopFixture.await(10, () -> !stage.isShowing());
            Node banner = robot.lookup("#cloud-limit-banner").query();
            DesktopFixture.await(30, banner::isVisible);
            assertThat(robot.lookup("#cloud-limit-banner .label")
                            .queryAs(Label.class)
                            .getText())
                    .startsWith(room.name() + " on Riverside cloud: This room is over its free tier")
                    .contains("of 1 with its own shard", "Messages still work", "adds billing or re-centralises it");
            assertThat(robot.lookup(".table-row-cell.cloud-over").queryAll())
                    .as("the room's row is marked")
                    .hasSize(1);
            assertThat(robot.lookup("Over free tier · Riverside cloud").tryQuery())
                    .as("the rooms list says where")
                    .isPresent();
            onFx(() -> fx.desktop.window().roomsTable().getSelectionModel().clearSelection());
            onFx(() -> Screenshots.save(fx.desktop.scene(), "banner-cloud"));

            robot.clickOn("#open-cloud-settings");
            DesktopFixture.await(10, () -> (result.roomUrl() + "/settings").equals(fx.openedUrl));
        }
    }

    @Test
    @DisplayName("Cloud accounts refuses a wrong token (401), an admin token (not import-scoped) and a dead address")
    void refusedAccounts(FxRobot robot) throws Exception {
        try (CloudServer cloud = new CloudServer()) {
            fx.awaitReady();

            Label problem = addAccount(robot, cloud.url(), "", "not-a-token-of-this-cloud-0123456789");
            assertThat(problem.getText())
                    .startsWith(cloud.url() + " does not accept this token (401")
                    .contains("ask the cloud's admin for a new import token".substring(4));

            problem = addAccount(robot, cloud.url(), "", CloudServer.ADMIN_TOKEN);
            assertThat(problem.getText())
                    .contains("can do more than import rooms", "Make an import token")
                    .contains("\"scope\":\"import\"");

            problem = addAccount(robot, "http://127.0.0.1:1", "", "some-token-0123456789");
            assertThat(problem.getText()).startsWith("Nothing answers at http://127.0.0.1:1");

            assertThat(robot.lookup("#cloud-list").queryListView().getItems()).isEmpty();
            assertThat(fx.paths.credentialsFile()).doesNotExist();
            onFx(() -> assertThat(fx.desktop.settings().clouds().model().accounts())
                    .isEmpty());
        }
    }

    @Test
    @DisplayName("Pause stops the push (the window says the upload stays on the cloud) and Resume finishes it")
    void pauseAndResume(FxRobot robot) throws Exception {
        try (CloudServer cloud = new CloudServer()) {
            fx.awaitReady();
            robot.clickOn("#create-demo");
            LocalRoom room = onlyRoom();
            assertThat(addAccount(robot, cloud.url(), "", cloud.importToken()).getText())
                    .isEmpty();
            robot.clickOn("#settings-close");
            PushController push = openPushWindow(robot, room);

            onFx(() -> {
                push.start();
                push.pause();
            });

            DesktopFixture.await(60, () -> push.stateProperty().get() == PushController.State.PAUSED);
            assertThat(robot.lookup("#push-message").queryAs(Label.class).getText())
                    .startsWith("Paused. What was uploaded stays on the cloud");
            assertThat(robot.lookup("#push-cancel-hint").queryAs(Label.class).getText())
                    .contains("24 hours while idle");
            robot.clickOn("#push-resume");
            awaitEnd(push);
            assertThat(robot.lookup("#push-error").queryAs(Label.class).getText())
                    .isEmpty();
            assertThat(cloud.roomSlugs()).contains(room.slug());
        }
    }

    @Test
    @DisplayName(
            "a push stopped mid-upload is offered after a restart: Discard forgets it, Resume goes on from the cloud's"
                    + " offset")
    void resumeAfterRestart(FxRobot robot) throws Exception {
        Path bundle = RealBundle.withFile(3 << 20);
        try (CloudServer cloud = new CloudServer()) {
            fx.awaitReady();
            onFx(() -> Drops.drop(fx.desktop.window().dropZoneNode(), List.of(bundle.toFile())));
            LocalRoom room = onlyRoom();
            String token = cloud.importToken();
            assertThat(addAccount(robot, cloud.url(), "Harbour cloud", token).getText())
                    .isEmpty();
            robot.clickOn("#settings-close");

            // a push that stopped after its first megabyte (paused, or the app quit), then the app starts again
            stopAfterFirstChunk(room, cloud, token);
            fx.close();
            Path dataDir = fx.dataDir;
            Path configHome = fx.configHome;
            fx = onFx(() -> new DesktopFixture(new Stage(), dataDir, configHome));
            fx.awaitReady();
            ResumeBanner banner = fx.desktop.resumeBanner();
            DesktopFixture.await(30, () -> banner.stopped().size() == 1);
            assertThat(robot.lookup(".resume-text").queryAs(Label.class).getText())
                    .startsWith("Pushing Harbour photos to Harbour cloud stopped at 1.0 MiB of ");
            onFx(() -> Screenshots.save(fx.desktop.scene(), "push-resume"));

            robot.clickOn("#discard-push");
            DesktopFixture.await(30, () -> banner.stopped().isEmpty());
            assertThat(fx.desktop.session().pushSpools().unfinished()).isEmpty();

            stopAfterFirstChunk(room, cloud, token);
            onFx(banner::refresh);
            DesktopFixture.await(30, () -> banner.stopped().size() == 1);
            robot.clickOn("#resume-push");
            PushController resumed = pushWindow(room);
            DesktopFixture.await(
                    120,
                    () -> resumed.stateProperty().get() == PushController.State.DONE
                            || resumed.stateProperty().get() == PushController.State.FAILED);
            assertThat(robot.lookup("#push-error").queryAs(Label.class).getText())
                    .isEmpty();
            PushResult result = resumed.resultProperty().get();
            assertThat(result.bytesSent())
                    .as("went on from the cloud's offset")
                    .isPositive()
                    .isLessThan(result.bundleBytes());
            assertThat(cloud.roomSlugs()).contains(room.slug());
            assertThat(fx.desktop.session().pushSpools().unfinished()).isEmpty();
        }
    }

    /** Pushes {@code room} with the push API and stops it once its first megabyte is on the cloud. */
    private void stopAfterFirstChunk(LocalRoom room, CloudServer cloud, String token) {
        CloudPush push = fx.desktop.session().newCloudPush();
        assertThatThrownBy(() -> push.push(
                        room.id().toString(),
                        cloud.url(),
                        token,
                        PushOptions.DEFAULTS,
                        TempDirs.create("mesh-desktop-mapping"),
                        p -> {
                            if (p.phase().equals("upload") && p.bytesDone() >= 1 << 20) {
                                push.cancel();
                            }
                        }))
                .isInstanceOfSatisfying(
                        MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    }
}
