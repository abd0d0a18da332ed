package dev.meshrooms.lite.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Usage pages in headless Chromium: a room's Usage panel and the instance admin's list")
class UsagePanelBrowserTest {
    private LiteServer server;
    private Browser browser;
    private MeshCore core;

    @BeforeAll
    void start() throws Exception {
        server = TestServers.start(false);
        core = server.runtime().core();
        browser = Browser.start(1100, 1400);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    @DisplayName("charts the last 30 days of a sharded room's storage and messages and its cost so far this month")
    void usagePanel() throws Exception {
        UUID admin = core.admin().user().id();
        Room garden =
                core.shardedRooms().create(new NewRoom("garden", "Community Garden", Visibility.PUBLIC), admin, null);
        Room porch = core.roomService().create(new NewRoom("porch", "Porch", Visibility.PUBLIC), admin);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int[] daysAgo = {20, 12, 5, 1};
        for (int round = 0; round < daysAgo.length; round++) {
            UUID last = null;
            for (int i = 0; i < 50 * (round + 1); i++) {
                last = core.messages()
                        .send(garden.id(), admin, "harvest note " + round + "." + i, null)
                        .id();
            }
            byte[] photo = new byte[300_000];
            new Random(round).nextBytes(photo);
            core.media()
                    .attach(
                            core.rooms().findById(garden.id()).orElseThrow(),
                            last,
                            "photo-" + round + ".jpg",
                            "image/jpeg",
                            new ByteArrayInputStream(photo),
                            photo.length);
            core.usageSampler().sampleAll(now.minus(Duration.ofDays(daysAgo[round])));
        }

        ChromeDriver driver = browser.driver();
        driver.get(server.baseUrl() + "/room/garden/settings?token=" + TestServers.ADMIN_TOKEN);
        var usage = driver.findElement(By.id("usage"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", usage);
        assertThat(usage.findElement(By.cssSelector("[data-testid=usage-messages]"))
                        .getText())
                .isEqualTo("500");
        assertThat(usage.findElement(By.cssSelector("[data-testid=usage-storage]"))
                        .getText())
                .matches("[0-9.]+ (KiB|MiB)");
        String[] storage = usage.findElement(By.cssSelector("[data-testid=storage-chart] polyline"))
                .getAttribute("points")
                .split(" ");
        assertThat(storage).as("one point per sample of the last 30 days").hasSize(4);
        String[] messages = usage.findElement(By.cssSelector("[data-testid=messages-chart] polyline"))
                .getAttribute("points")
                .split(" ");
        assertThat(y(messages[3])).as("the latest count is the chart's top").isEqualTo(2.0);
        assertThat(y(messages[0]))
                .as("the first, a tenth of it, near the bottom")
                .isGreaterThan(100.0);
        assertThat(x(messages[0])).isLessThan(x(messages[1]));
        assertThat(usage.findElement(By.cssSelector("[data-testid=month-cost]")).getText())
                .startsWith("This month so far:")
                .containsPattern("\\$\\d+\\.\\d\\d|< \\$0\\.01")
                .contains("GB-months", "hours with its own key");
        browser.screenshot("usage-panel.png");

        driver.get(server.baseUrl() + "/room/porch/settings");
        assertThat(driver.findElement(By.cssSelector("[data-testid=month-cost]"))
                        .getText())
                .contains("shared database");
        assertThat(driver.findElement(By.cssSelector("[data-testid=usage-messages]"))
                        .getText())
                .isEqualTo("0");
        assertThat(porch.isSharded()).isFalse();

        // the instance admin's list: rooms by storage, each with its days
        driver.get(server.baseUrl() + "/admin/usage");
        var rows = driver.findElements(By.cssSelector("[data-testid=usage-table] tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-slug")).containsExactly("garden", "porch");
        assertThat(rows.get(0)
                        .findElement(By.cssSelector("svg.spark polyline"))
                        .getAttribute("points")
                        .split(" "))
                .as("one point per day sampled")
                .hasSize(4);
        assertThat(rows.get(0).getText()).contains("Community Garden", "own shard", "500");
        browser.screenshot("usage-admin.png");
        driver.get(server.baseUrl() + "/admin/usage?sort=room&order=desc");
        assertThat(driver.findElements(By.cssSelector("[data-testid=usage-table] tbody tr")))
                .extracting(r -> r.getAttribute("data-slug"))
                .containsExactly("porch", "garden");
    }

    private static double x(String point) {
        return Double.parseDouble(point.split(",")[0]);
    }

    private static double y(String point) {
        return Double.parseDouble(point.split(",")[1]);
    }
}
