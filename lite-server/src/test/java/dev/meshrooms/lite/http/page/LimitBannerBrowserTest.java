package dev.meshrooms.lite.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
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
@DisplayName("A room over its free tier: 402 for files over HTTP, messages go on, a banner for everyone")
class LimitBannerBrowserTest {
    private LiteServer server;
    private Browser browser;
    private MeshCore core;

    @BeforeAll
    void start() throws Exception {
        server = TestServers.start(
                TestServers.newDataDir(),
                Map.of(Environment.FREE_TIER_ENFORCED, "true", Environment.FREE_TIER_BYTES, "600000"),
                false);
        core = server.runtime().core();
        browser = Browser.start(1100, 800);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    @DisplayName("the upload is refused with the figures, a message is sent, and the room page says what happened")
    void overTheTier() throws Exception {
        UUID admin = core.admin().user().id();
        Room garden =
                core.shardedRooms().create(new NewRoom("garden", "Community Garden", Visibility.PUBLIC), admin, null);
        var first = core.messages().send(garden.id(), admin, "Our first harvest, in pictures", null);
        // a real picture of noise (it does not compress): about 650 KB, past the tier's 600 KB with the rows
        java.awt.image.BufferedImage noise =
                new java.awt.image.BufferedImage(520, 420, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, 0x2f8f4f + (random.nextInt(0x40) << 16) + random.nextInt(0x40));
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(noise, "png", png);
        byte[] photo = png.toByteArray();
        core.media()
                .attach(
                        core.rooms().findById(garden.id()).orElseThrow(),
                        first.id(),
                        "harvest.png",
                        "image/png",
                        new ByteArrayInputStream(photo),
                        photo.length);
        core.usageSampler().sampleAll(Instant.now());

        Http http = new Http(server.baseUrl());
        var refused = http.send(http.request("/api/room/garden/media?name=more.png")
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])));
        assertThat(refused.status()).as(refused.body()).isEqualTo(402);
        assertThat(refused.json().get("details").asText())
                .contains("attaching files is paused", "over its free tier", "of 585.9 KiB", "Messages still work");
        var sent = http.send(http.request("/api/sendMessage")
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .header("x-room-id", garden.id().toString())
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("body", "Words still go through")))));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(http.get("/metrics", TestServers.ADMIN_TOKEN).body())
                .as("the room's limit state on /metrics: 2, over")
                .contains("mesh_room_limit_state{room_id=\"" + garden.id() + "\"} 2.0");

        ChromeDriver driver = browser.driver();
        driver.get(server.baseUrl() + "/room/garden");
        var banner = driver.findElement(By.cssSelector("[data-testid=limit-banner]"));
        assertThat(banner.getText())
                .as("a visitor learns what happened and that messages still work, not what the admin can do")
                .contains("over its free tier", "Messages still work")
                .doesNotContain("Add billing");
        driver.get(server.baseUrl() + "/room/garden?token=" + TestServers.ADMIN_TOKEN);
        assertThat(driver.findElement(By.cssSelector("[data-testid=limit-banner]"))
                        .getText())
                .contains("over its free tier", "Add billing to the room, or re-centralise it");
        browser.screenshot("banner-over.png");
        driver.get(server.baseUrl() + "/room/garden/settings");
        assertThat(driver.findElement(By.cssSelector("[data-testid=limit-banner]"))
                        .getText())
                .contains("over its free tier", "re-centralise");
    }
}
