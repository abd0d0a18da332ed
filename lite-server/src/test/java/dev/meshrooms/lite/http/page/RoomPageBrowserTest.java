package dev.meshrooms.lite.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.TestServers;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The room page in headless Chromium")
class RoomPageBrowserTest {
    private LiteServer server;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        server = TestServers.start(true);
        browser = Browser.start(1100, 1500);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    @DisplayName("/room/demo shows 20+ signed messages from 3+ authors with the images loaded, and is screenshotted")
    void demoRoomRenders() throws Exception {
        var driver = browser.driver();
        driver.get(server.baseUrl() + "/room/demo");
        assertThat(driver.getTitle()).contains("Riverside Makers");

        List<WebElement> messages = driver.findElements(By.cssSelector("[data-testid=message]"));
        assertThat(messages).hasSizeGreaterThanOrEqualTo(20);
        Set<String> authors = driver.findElements(By.cssSelector("[data-testid=author]")).stream()
                .map(WebElement::getText)
                .collect(Collectors.toSet());
        assertThat(authors).hasSizeGreaterThanOrEqualTo(3);
        assertThat(driver.findElements(By.cssSelector(".signed"))).hasSameSizeAs(messages);
        assertThat(driver.findElements(By.cssSelector(".unsigned"))).isEmpty();

        List<WebElement> images = driver.findElements(By.cssSelector("img[data-testid=media-image]"));
        assertThat(images).hasSizeGreaterThanOrEqualTo(2);
        JavascriptExecutor js = driver;
        for (WebElement image : images) {
            js.executeScript("arguments[0].scrollIntoView()", image);
            new WebDriverWait(driver, java.time.Duration.ofSeconds(10))
                    .until(d -> Boolean.TRUE.equals(
                            js.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", image)));
            assertThat(((Number) js.executeScript("return arguments[0].naturalWidth", image)).intValue())
                    .isEqualTo(640);
        }
        js.executeScript("window.scrollTo(0, 0)");
        browser.screenshot("room-page.png");
    }
}
