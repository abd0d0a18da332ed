package dev.meshrooms.desktop.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.desktop.session.ServerState;
import dev.meshrooms.desktop.testing.DesktopFixture;
import dev.meshrooms.desktop.testing.Screenshots;
import dev.meshrooms.desktop.ui.tray.TrayMenuModel;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@DisplayName("The tray menu drives the room server and Quit")
class TrayServerAndQuitTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DesktopFixture fx;

    @Start
    void start(Stage stage) {
        fx = new DesktopFixture(stage);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private int get(String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    @DisplayName("Start room server makes /room/<slug> answer 200; Stop room server stops it")
    void startAndStopFromTheMenu() throws Exception {
        fx.awaitReady();
        fx.desktop.session().createDemoRoom();
        WaitForAsyncUtils.asyncFx(() -> fx.desktop.window().refreshRooms()).get();
        DesktopFixture.await(30, () -> fx.desktop.window().rooms().size() == 1);
        TrayMenuModel stopped = fx.desktop.trayMenu();
        assertThat(stopped.serverRunning()).isFalse();

        stopped.item(TrayMenuModel.START).action().run();

        DesktopFixture.await(60, () -> fx.desktop.trayMenu().serverRunning());
        ServerState state = fx.desktop.session().serverState();
        assertThat(state.url()).matches("http://localhost:\\d+");
        String room = fx.desktop.session().roomUrl("demo");
        assertThat(get(room)).isEqualTo(200);
        assertThat(fx.desktop.trayMenu().item(TrayMenuModel.STOP).enabled()).isTrue();
        WaitForAsyncUtils.asyncFx(() -> Screenshots.save(fx.desktop.scene(), "server-running"))
                .get();

        fx.desktop.trayMenu().item(TrayMenuModel.OPEN_BROWSER).action().run();
        assertThat(fx.openedUrl).isEqualTo(state.url() + "/rooms");

        fx.desktop.trayMenu().item(TrayMenuModel.STOP).action().run();
        DesktopFixture.await(30, () -> fx.desktop.session().serverState().status() == ServerState.Status.STOPPED);
        assertThatThrownBy(() -> get(room)).isInstanceOf(ConnectException.class);
        assertThat(fx.desktop.trayMenu().item(TrayMenuModel.START).enabled()).isTrue();
    }

    @Test
    @DisplayName(
            "with a tray, closing the window hides it while the room server keeps answering; Open Mesh-Lite brings it back")
    void closingKeepsTheServerRunning() throws Exception {
        fx.awaitReady();
        fx.desktop.session().createDemoRoom();
        fx.desktop.trayMenu().item(TrayMenuModel.START).action().run();
        DesktopFixture.await(60, () -> fx.desktop.trayMenu().serverRunning());
        String room = fx.desktop.session().roomUrl("demo");
        Stage stage = fx.desktop.stage();

        WaitForAsyncUtils.asyncFx(() -> {
                    fx.desktop.closeKeepsRunning(true);
                    stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
                })
                .get();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(stage.isShowing()).isFalse();
        assertThat(get(room)).isEqualTo(200);
        assertThat(fx.exited.getCount()).as("the app did not quit").isEqualTo(1);
        assertThat(fx.desktop.trayMenu().item(TrayMenuModel.STOP).enabled()).isTrue();

        fx.desktop.trayMenu().item(TrayMenuModel.OPEN).action().run();
        DesktopFixture.await(20, stage::isShowing);
        assertThat(get(room)).isEqualTo(200);
    }

    @Test
    @DisplayName("without a tray, closing the window quits: the room server and PostgreSQL stop")
    void closingWithoutTrayQuits() throws Exception {
        fx.awaitReady();
        fx.desktop.trayMenu().item(TrayMenuModel.START).action().run();
        DesktopFixture.await(60, () -> fx.desktop.trayMenu().serverRunning());
        Stage stage = fx.desktop.stage();

        WaitForAsyncUtils.asyncFx(() -> {
                    fx.desktop.closeKeepsRunning(false);
                    stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
                })
                .get();

        assertThat(fx.exited.await(60, TimeUnit.SECONDS)).as("Quit finished").isTrue();
        assertThat(fx.desktop.session().serverState().status()).isEqualTo(ServerState.Status.STOPPED);
        assertThat(fx.dataDir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    @DisplayName("Settings… and Logs in the tray open their windows")
    void settingsAndLogsFromTheTray() throws Exception {
        fx.awaitReady();
        fx.desktop.trayMenu().item(TrayMenuModel.SETTINGS).action().run();
        DesktopFixture.await(
                20,
                () -> WaitForAsyncUtils.asyncFx(() -> fx.desktop.settingsStage().isShowing())
                        .get());
        fx.desktop.trayMenu().item(TrayMenuModel.LOGS).action().run();
        DesktopFixture.await(
                20,
                () -> WaitForAsyncUtils.asyncFx(() -> fx.desktop.logsStage().isShowing())
                        .get());
    }

    @Test
    @DisplayName("Quit stops the room server and the embedded PostgreSQL: its process is gone")
    void quitStopsPostgres() throws Exception {
        fx.awaitReady();
        Path pidFile = fx.dataDir.resolve("postgres").resolve("postmaster.pid");
        assertThat(pidFile).exists();
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        fx.desktop.trayMenu().item(TrayMenuModel.START).action().run();
        DesktopFixture.await(60, () -> fx.desktop.trayMenu().serverRunning());

        fx.desktop.trayMenu().item(TrayMenuModel.QUIT).action().run();

        assertThat(fx.exited.await(60, TimeUnit.SECONDS)).as("Quit finished").isTrue();
        DesktopFixture.await(
                20, () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
        Optional<ProcessHandle> postgres = ProcessHandle.of(pid);
        assertThat(postgres.map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pidFile).doesNotExist();
        assertThat(fx.desktop.session().serverState().status()).isEqualTo(ServerState.Status.STOPPED);
    }
}
