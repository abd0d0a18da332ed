package dev.meshrooms.desktop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.desktop.testing.DesktopFixture;
import dev.meshrooms.desktop.testing.RealBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@DisplayName("A second launch on the same data directory (a real child JVM running DesktopMain)")
class SecondLaunchTest {
    private DesktopFixture fx;

    @Start
    void start(Stage stage) {
        fx = new DesktopFixture(stage);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private record Launch(int exitCode, String output) {}

    private Launch launch(String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile("mesh-second-launch", ".txt");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DesktopMain.class.getName(),
                "--data-dir",
                fx.dataDir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("XDG_CONFIG_HOME", fx.configHome.toString());
        Process child = builder.start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the second launch did not exit within 120 s: " + Files.readString(output));
        }
        return new Launch(child.exitValue(), Files.readString(output));
    }

    @Test
    @DisplayName("hands a real bundle to the running app and exits with 0; the app comes to the front and imports it")
    void handsBundleOver() throws Exception {
        Path bundle = RealBundle.demo();
        fx.awaitReady();
        WaitForAsyncUtils.asyncFx(() -> fx.desktop.stage().hide()).get(); // closed to the tray

        Launch second = launch(bundle.toString());

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("Mesh-Lite already runs on " + fx.dataDir, "handed it 1 bundle to import");
        DesktopFixture.await(90, () -> fx.desktop.window().rooms().size() == 1);
        assertThat(fx.desktop.window().rooms().get(0).slug()).isEqualTo("demo");
        assertThat(fx.desktop.stage().isShowing()).as("the window came back").isTrue();
        assertThat(fx.desktop.window().statusProperty().get()).contains("Imported Riverside Makers (demo)");
    }

    @Test
    @DisplayName("without files only brings the window to the front, and exits with 0")
    void showsWindow() throws Exception {
        fx.awaitReady();
        WaitForAsyncUtils.asyncFx(() -> fx.desktop.stage().hide()).get();

        Launch second = launch();

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("brought its window to the front").doesNotContain("handed");
        DesktopFixture.await(30, () -> fx.desktop.stage().isShowing());
        assertThat(fx.desktop.window().rooms()).isEmpty();
    }
}
