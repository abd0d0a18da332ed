package dev.meshrooms.lite.http.page;

import static dev.meshrooms.lite.testing.RoomPage.act;
import static dev.meshrooms.lite.testing.RoomPage.inMessage;
import static dev.meshrooms.lite.testing.RoomPage.messageWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.RoomPage;
import dev.meshrooms.lite.testing.TestServers;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two people in two separate Chromium sessions live in one room: an admin who joined by an admin invite makes a member
 * invite in the room's settings, the second person joins through it, and both write, reply, edit, delete and attach
 * pictures (by the button and by drag-and-drop), seeing each other's changes without reloading, also across a restart
 * of the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Living in a room: two browsers, invites, live messages")
class LiveRoomBrowserTest {
    private static final Duration LIVE = Duration.ofSeconds(1);
    private Path dataDir;
    private LiteServer server;
    private Http http;
    private Browser alice;
    private Browser bob;

    @BeforeAll
    void start() throws Exception {
        dataDir = TestServers.newDataDir();
        server = TestServers.start(dataDir, Map.of(), false);
        http = new Http(server.baseUrl());
        http.post(
                "/api/room",
                TestServers.ADMIN_TOKEN,
                Http.json(Map.of("slug", "porch", "name", "The Porch", "visibility", "private")));
        alice = Browser.start(1100, 900);
        bob = Browser.start(1100, 900);
    }

    @AfterAll
    void stop() {
        for (Browser b : new Browser[] {alice, bob}) {
            if (b != null) {
                b.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("an admin joins by invite, makes a member invite in the settings page; the second person joins by it")
    void joinByInvites() throws Exception {
        JsonNode adminInvite = http.post(
                        "/api/room/porch/invites",
                        TestServers.ADMIN_TOKEN,
                        Http.json(Map.of("role", "admin", "maxUses", 1, "expiresIn", "P1D")))
                .json();
        join(alice, adminInvite.get("url").asText(), "Alice Admin", "alice");
        alice.screenshot("room-live-join-done.png");

        alice.driver().get(server.baseUrl() + "/room/porch/settings");
        alice.driver().findElement(By.cssSelector("[data-testid=make-invite]")).click();
        WebElement url = waitFor(alice, Duration.ofSeconds(10), "[data-testid=invite-url]");
        new WebDriverWait(alice.driver(), Duration.ofSeconds(5))
                .until(d -> !url.getAttribute("value").isEmpty());
        String memberInvite = url.getAttribute("value");
        assertThat(memberInvite).startsWith(server.baseUrl() + "/join/mesh_i_");
        alice.screenshot("room-live-settings-invite.png");

        bob.driver().get(memberInvite);
        bob.screenshot("room-live-join.png");
        join(bob, memberInvite, "Bob Builder", "bob");
        alice.driver().get(server.baseUrl() + "/room/porch");
        waitFor(alice, Duration.ofSeconds(10), "#live.on");
        waitFor(bob, Duration.ofSeconds(10), "#live.on");
    }

    @Test
    @Order(2)
    @DisplayName("a message from one appears in the other within a second; a reply, an edit and a delete propagate")
    void writeReplyEditDelete() {
        send(alice, "Hello Bob, welcome to the porch! https://example.org/porch.");
        String mine = messageWith(alice, "welcome to the porch", Duration.ofSeconds(5));
        String seen = messageWith(bob, "welcome to the porch", LIVE);
        assertThat(seen).isEqualTo(mine);
        assertThat(inMessage(
                        bob,
                        seen,
                        m -> m.findElement(By.cssSelector("[data-testid=author]"))
                                .getText()))
                .isEqualTo("Alice Admin");
        assertThat(inMessage(
                        bob, seen, m -> m.findElement(By.cssSelector(".body a")).getAttribute("href")))
                .isEqualTo("https://example.org/porch");
        assertThat(inMessage(
                        bob, seen, m -> m.findElement(By.cssSelector(".body a")).getAttribute("rel")))
                .contains("noopener", "noreferrer");

        act(bob, seen, "reply");
        send(bob, "Thanks Alice!");
        String reply = messageWith(alice, "Thanks Alice!", LIVE);
        assertThat(inMessage(
                        alice,
                        reply,
                        m -> m.findElement(By.cssSelector(".reply")).getText()))
                .contains("Alice Admin", "welcome to the porch");

        act(alice, mine, "edit");
        WebElement box = alice.driver().findElement(By.cssSelector(".edit-box"));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        box.sendKeys("Hello Bob, welcome (edited once)" + Keys.ENTER);
        String edited = messageWith(bob, "welcome (edited once)", LIVE);
        assertThat(countInMessage(bob, edited, "[data-testid=edited]")).isEqualTo(1);
        assertThat(countInMessage(bob, edited, ".signed")).as("signed again").isEqualTo(1);

        String id = messageWith(bob, "Thanks Alice!", LIVE);
        act(bob, id, "delete");
        bob.driver().switchTo().alert().accept();
        new WebDriverWait(alice.driver(), LIVE)
                .pollingEvery(Duration.ofMillis(20))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("m-" + id))
                        .findElement(By.cssSelector("[data-testid=body]"))
                        .getText()
                        .equals("Message deleted"));
        assertThat(alice.driver().findElements(By.xpath("//*[contains(text(),'Thanks Alice!')]")))
                .as("the deleted text is nowhere on the other's page")
                .isEmpty();
    }

    @Test
    @Order(3)
    @DisplayName("pictures attached by the button and by drag-and-drop show in both browsers with their size reserved")
    void pictures(@TempDir Path dir) throws Exception {
        Path red = dir.resolve("red-square.png");
        Files.write(red, png(320, 200, Color.RED));
        alice.driver().findElement(By.id("file")).sendKeys(red.toString());
        new WebDriverWait(alice.driver(), Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector(".upload.ready")).isEmpty());
        alice.driver().findElement(By.id("body")).sendKeys("A red one" + Keys.ENTER);
        assertPicture(bob, messageWith(bob, "A red one", Duration.ofSeconds(2)), 320, 200);

        String blue = Base64.getEncoder().encodeToString(png(240, 240, Color.BLUE));
        ((JavascriptExecutor) bob.driver())
                .executeScript(
                        "const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
                                + "const dt = new DataTransfer();"
                                + "dt.items.add(new File([bytes], 'blue square.png', {type: 'image/png'}));"
                                + "const target = document.getElementById('timeline');"
                                + "for (const type of ['dragenter', 'dragover', 'drop'])"
                                + "  target.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true,"
                                + " cancelable: true}));",
                        blue);
        new WebDriverWait(bob.driver(), Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector(".upload.ready")).isEmpty());
        bob.driver().findElement(By.id("body")).sendKeys("and a blue one" + Keys.ENTER);
        assertPicture(alice, messageWith(alice, "and a blue one", Duration.ofSeconds(2)), 240, 240);
        assertPicture(bob, messageWith(bob, "and a blue one", Duration.ofSeconds(2)), 240, 240);
        alice.screenshot("room-live-desktop.png");
    }

    @Test
    @Order(4)
    @DisplayName("the stream resumes after a server restart: nothing missed, nothing shown twice")
    void resumesAfterRestart() throws Exception {
        int port = server.port();
        String roomId = alice.driver().findElement(By.id("timeline")).getAttribute("data-room");
        String carolToken = http.newMember("porch", "carol");
        server.close();
        server = TestServers.start(dataDir, Map.of(), port);
        // written before the browsers have reconnected: they must come with the resume
        for (String text : List.of("written during the restart 1", "written during the restart 2")) {
            post(carolToken, roomId, text);
        }
        for (Browser b : new Browser[] {alice, bob}) {
            messageWith(b, "written during the restart 2", Duration.ofSeconds(20));
            waitFor(b, Duration.ofSeconds(10), "#live.on");
        }
        send(bob, "after the restart");
        messageWith(alice, "after the restart", LIVE);
        for (Browser b : new Browser[] {alice, bob}) {
            for (String text :
                    List.of("written during the restart 1", "written during the restart 2", "after the restart")) {
                assertThat(b.driver()
                                .findElements(
                                        By.xpath("//article[.//div[@data-testid='body' and text()='" + text + "']]")))
                        .as("%s shown once", text)
                        .hasSize(1);
            }
        }
        // what the page shows after a reload is what it had live
        List<String> live = ids(bob);
        bob.driver().navigate().refresh();
        waitFor(bob, Duration.ofSeconds(10), "#live.on");
        assertThat(ids(bob)).containsExactlyElementsOf(live);
    }

    @Test
    @Order(5)
    @DisplayName("a phone-sized and a dark screenshot")
    void screenshots() throws Exception {
        var driver = bob.driver();
        driver.manage().window().setSize(new Dimension(360, 740));
        driver.navigate().refresh();
        waitFor(bob, Duration.ofSeconds(10), "#live.on");
        Long overflow = (Long) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).as("nothing wider than a 360 px phone").isLessThanOrEqualTo(0L);
        bob.screenshot("room-live-phone.png");

        ((ChromiumDriver) alice.driver())
                .executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        alice.driver().navigate().refresh();
        waitFor(alice, Duration.ofSeconds(10), "#live.on");
        String background = (String) ((JavascriptExecutor) alice.driver())
                .executeScript("return getComputedStyle(document.body).backgroundColor");
        assertThat(background).isEqualTo("rgb(18, 20, 28)");
        alice.screenshot("room-live-dark.png");
    }

    @Test
    @Order(6)
    @DisplayName("scrolling up loads older history; a message arriving meanwhile shows the new-messages marker")
    void olderHistoryAndMarker() {
        String roomId = bob.driver().findElement(By.id("timeline")).getAttribute("data-room");
        String token = http.newMember("porch", "dave");
        for (int i = 0; i < 230; i++) {
            post(token, roomId, "history " + i);
        }
        var driver = bob.driver();
        driver.manage().window().setSize(new Dimension(1100, 900));
        driver.navigate().refresh();
        waitFor(bob, Duration.ofSeconds(10), "#live.on");
        int shown = ids(bob).size();
        assertThat(shown).isEqualTo(200);
        assertThat(messageWith(bob, "history 229", Duration.ofSeconds(2))).isNotNull();
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> ids(bob).size() > shown);
        assertThat(ids(bob)).doesNotHaveDuplicates();
        assertThat(driver.findElement(By.id("new-marker")).isDisplayed()).isFalse();
        post(token, roomId, "while reading old ones");
        new WebDriverWait(driver, Duration.ofSeconds(2))
                .until(d -> d.findElement(By.id("new-marker")).isDisplayed());
        driver.findElement(By.id("new-marker")).click();
        assertThat(messageWith(bob, "while reading old ones", Duration.ofSeconds(2)))
                .isNotNull();
    }

    private void post(String token, String roomId, String text) {
        Http.Response sent = http.send(http.request("/api/sendMessage")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("x-room-id", roomId)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.json(Map.of("body", text)))));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    }

    private void join(Browser b, String invite, String name, String handle) {
        RoomPage.join(b, invite, name, handle);
        assertThat(b.driver().getCurrentUrl()).endsWith("/room/porch");
        assertThat(b.driver()
                        .findElement(By.cssSelector("[data-testid=composer]"))
                        .isDisplayed())
                .isTrue();
    }

    private static void send(Browser b, String text) {
        b.driver().findElement(By.id("body")).sendKeys(text + Keys.ENTER);
    }

    private static int countInMessage(Browser b, String messageId, String css) {
        return Integer.parseInt(inMessage(
                b,
                messageId,
                m -> Integer.toString(m.findElements(By.cssSelector(css)).size())));
    }

    private static WebElement waitFor(Browser b, Duration within, String css) {
        return new WebDriverWait(b.driver(), within)
                .until(d ->
                        d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    private static List<String> ids(Browser b) {
        return b.driver().findElements(By.cssSelector("#messages article.message")).stream()
                .map(m -> m.getAttribute("data-id"))
                .toList();
    }

    private static void assertPicture(Browser b, String messageId, int width, int height) {
        By image = By.cssSelector("img[data-testid=media-image]");
        assertThat(inMessage(b, messageId, m -> m.findElement(image).getAttribute("width")))
                .as("space reserved before loading")
                .isEqualTo(Integer.toString(width));
        assertThat(inMessage(b, messageId, m -> m.findElement(image).getAttribute("height")))
                .isEqualTo(Integer.toString(height));
        assertThat(RoomPage.loadedPictureWidth(b, messageId)).isEqualTo(width);
    }

    private static byte[] png(int width, int height, Color color) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
