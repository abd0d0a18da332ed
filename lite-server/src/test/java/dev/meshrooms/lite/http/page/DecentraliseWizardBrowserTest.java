package dev.meshrooms.lite.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.shard.ShardProvisioner;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The Decentralise wizard in headless Chromium")
class DecentraliseWizardBrowserTest {
    private LiteServer server;
    private Browser browser;
    private MeshCore core;

    /** Fails the first provisioning (as an unreachable store would), then provisions for real: exercises Retry. */
    private static final class FailsOnce implements ShardProvisioner {
        private final ShardProvisioner real;
        private final AtomicBoolean failed = new AtomicBoolean();

        FailsOnce(ShardProvisioner real) {
            this.real = real;
        }

        @Override
        public ShardLocation provision(UUID roomId) {
            if (failed.compareAndSet(false, true)) {
                throw new MeshException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "creating bucket mesh-room-… failed: the object store"
                                + " did not answer (connection refused)");
            }
            return real.provision(roomId);
        }

        @Override
        public void deprovision(ShardLocation location) {
            real.deprovision(location);
        }
    }

    @BeforeAll
    void start() throws Exception {
        server = TestServers.start(
                TestServers.newDataDir(),
                Map.of(
                        Environment.MOVE_BATCH_ROWS,
                        "250",
                        Environment.MOVE_THROTTLE_MS,
                        "120",
                        Environment.MOVE_CLEANUP_DELAY_SECONDS,
                        "0"),
                false);
        core = server.runtime().core();
        core.internals().useProvisioner(new FailsOnce(core.internals().provisioner()));
        browser = Browser.start(1100, 900);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    @DisplayName("shows the cost, fails readably, retries, shows live progress and the toast, and re-centralises")
    void wizardEndToEnd() throws Exception {
        UUID admin = core.admin().user().id();
        Room room = core.roomService().create(new NewRoom("garden", "Community Garden", Visibility.PUBLIC), admin);
        Instant t0 = Instant.now().minusSeconds(100_000);
        UUID last = null;
        for (int i = 0; i < 4000; i++) {
            last = core.messages()
                    .sendAt(room.id(), admin, "Harvest log entry " + i, null, t0.plusSeconds(i * 20L))
                    .id();
        }
        for (int i = 0; i < 3; i++) {
            byte[] photo = new byte[400_000];
            new Random(i).nextBytes(photo);
            core.media()
                    .attach(
                            room,
                            last,
                            "photo-" + i + ".jpg",
                            "image/jpeg",
                            new ByteArrayInputStream(photo),
                            photo.length);
        }
        ChromeDriver driver = browser.driver();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofMinutes(2));
        // the page reloads itself when a move finishes: an element found just before that goes stale, so look again
        wait.ignoring(StaleElementReferenceException.class);
        driver.get(server.baseUrl() + "/room/garden/settings?token=" + TestServers.ADMIN_TOKEN);
        assertThat(driver.getTitle()).contains("Community Garden");
        assertThat(driver.findElement(By.cssSelector("[data-testid=cost-total]"))
                        .getText())
                .matches("\\$\\d+\\.\\d\\d");
        assertThat(driver.findElement(By.cssSelector("[data-testid=cost]")).getText())
                .contains("PostgreSQL storage", "Media storage", "Encryption key");
        assertThat(driver.getPageSource()).contains("snapshot of 2026-11-01");
        browser.screenshot("decentralise-1-panel.png");

        driver.findElement(By.id("start")).click();
        WebElement error = driver.findElement(By.id("error"));
        wait.until(d -> error.isDisplayed());
        assertThat(error.getText())
                .contains("The move stopped", "phase provision", "object store did not answer", "Retry");
        // the error and its Retry in the middle of the window (not under the page's sticky header)
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", error);
        browser.screenshot("decentralise-2-error.png");

        driver.findElement(By.id("retry")).click();
        driver.executeScript("window.scrollTo(0, 0)");
        WebElement fill = driver.findElement(By.id("fill"));
        wait.until(d -> {
            double width = percent(fill);
            return driver.findElement(By.id("phase")).getText().startsWith("Copying messages")
                    && width >= 15
                    && width <= 80;
        });
        assertThat(error.isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("counts")).getText()).contains("rows");
        browser.screenshot("decentralise-3-progress.png");

        WebElement toast = driver.findElement(By.id("toast"));
        wait.until(d -> toast.isDisplayed());
        assertThat(toast.getText()).isEqualTo("Room is now sovereign!");
        assertThat(percent(fill)).isEqualTo(100.0);
        browser.screenshot("decentralise-4-sovereign.png");
        assertThat(core.rooms().findById(room.id()).orElseThrow().isSharded()).isTrue();

        wait.until(d -> d.findElement(By.id("recentralise")).isDisplayed()); // the page reloads as a sovereign room
        assertThat(driver.findElement(By.cssSelector("[data-testid=where]")).getText())
                .contains("its own schema");
        driver.findElement(By.id("recentralise")).click();
        wait.until(d -> d.findElement(By.id("toast")).isDisplayed());
        assertThat(driver.findElement(By.id("toast")).getText()).isEqualTo("Room is back in the shared database");
        browser.screenshot("decentralise-5-recentralised.png");
        assertThat(core.rooms().findById(room.id()).orElseThrow().isSharded()).isFalse();
        assertThat(core.internals().stores().forRoom(room.id()).countMessages()).isEqualTo(4000);
    }

    private double percent(WebElement fill) {
        String style = fill.getAttribute("style");
        return Double.parseDouble(style.replaceAll(".*width:\\s*([0-9.]+)%.*", "$1"));
    }
}
