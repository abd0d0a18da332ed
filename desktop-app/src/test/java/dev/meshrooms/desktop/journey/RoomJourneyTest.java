package dev.meshrooms.desktop.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.desktop.session.LocalRoom;
import dev.meshrooms.desktop.testing.DesktopFixture;
import dev.meshrooms.desktop.testing.Drops;
import dev.meshrooms.desktop.testing.Screenshots;
import dev.meshrooms.desktop.ui.push.PushController;
import dev.meshrooms.desktop.ui.tray.AwtTrayMenu;
import dev.meshrooms.desktop.ui.tray.TrayMenuModel;
import dev.meshrooms.lite.push.PushResult;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.RoomPage;
import dev.meshrooms.lite.testing.TestServers;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The journey the product exists for, in one run, as an instance admin, a room's people and its admin live it: a room
 * made on a cloud, chatted in, decentralised while people write, exported through the browser, dropped onto the
 * desktop app, served from the tray, joined and written to on the Mesh-Lite, pushed back to the cloud as a new
 * sharded room, and re-centralised there. Real processes throughout: the cloud in a child JVM on Debian's PostgreSQL
 * with a second PostgreSQL for shards, an S3 store and recorded Stripe; the desktop in a real X session (Xvfb) with a
 * system tray whose icon is clicked; Chromium for every page. Each step saves {@code journey-<n>-*.png}; a failure
 * names its step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The journey: cloud room → sovereign shard → export → desktop → Mesh-Lite → push back → re-centralise")
class RoomJourneyTest {
    private static final String SLUG = "harbour-watch";
    private static final String NAME = "Harbour Watch";
    private static final String ADMIN = TestServers.ADMIN_TOKEN;

    private XSession x;
    private TrayIconDriver trayIcon;
    private CloudProcess cloud;
    private DesktopFixture fx;
    private Optional<AwtTrayMenu> tray = Optional.empty();
    private final FxRobot robot = new FxRobot();
    private final List<Browser> browsers = new ArrayList<>();
    private Path work;

    // the people: the cloud's instance admin, Ana (the room's admin), Ben, and Cleo who joins on the Mesh-Lite
    private Browser admin;
    private Browser ana;
    private Browser ben;

    // what the journey carries from step to step
    private final List<String> written = new ArrayList<>();
    private Path bundle;
    private String liteUrl;
    private LocalRoom localRoom;
    private PushResult pushed;
    private String pushedSlug;

    @BeforeAll
    void realProcesses() throws Exception {
        work = TempDirs.create("mesh-journey");
        x = XSession.start();
        cloud = CloudProcess.start();
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> fx = new DesktopFixture(stage));
        trayIcon = new TrayIconDriver(x);
    }

    @AfterAll
    void stopEverything() {
        List<Step> stops = new ArrayList<>();
        browsers.forEach(b -> stops.add(b::close));
        stops.add(() -> tray.ifPresent(AwtTrayMenu::remove));
        stops.add(() -> {
            if (fx != null) {
                fx.close();
            }
        });
        stops.add(FxToolkit::cleanupStages);
        stops.add(() -> {
            if (cloud != null) {
                cloud.close();
            }
        });
        // each is stopped even when one before it fails; the X session ends with this JVM (the toolkits hold their
        // display connections until then)
        AssertionError failed = null;
        for (Step stop : stops) {
            try {
                stop.run();
            } catch (Exception | Error e) {
                if (failed == null) {
                    failed = new AssertionError("stopping the journey's processes failed", e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    @Test
    @DisplayName("every step, in order, on real servers, a real desktop with its tray, and Chromium")
    void theJourney() throws Exception {
        step(1, "the instance admin creates a room in /admin and invites two people, who chat", this::createAndChat);
        step(2, "the room admin decentralises the room while people write", this::decentralise);
        step(3, "the room admin exports the room through the browser", this::exportThroughTheBrowser);
        step(4, "the bundle is dropped onto the desktop app, whose tray icon starts the room server", this::desktop);
        step(5, "a member joins the Mesh-Lite by invite and writes; the history and pictures are there", this::onLite);
        step(6, "the desktop pushes the room to the cloud with an import token from Cloud accounts", this::push);
        step(7, "the cloud has the pushed room as a new sharded room, with its import history", this::pushedCopy);
        step(8, "the pushed room is re-centralised; its messages stay and its shard goes", this::recentralise);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(int number, String what, Step step) throws Exception {
        try {
            step.run();
        } catch (Throwable e) {
            throw new AssertionError("journey step " + number + " (" + what + ") failed: " + e.getMessage(), e);
        }
    }

    // --- 1 --------------------------------------------------------------------------------------------------------

    private void createAndChat() throws Exception {
        admin = browser();
        var driver = admin.driver();
        driver.get(cloud.url() + "/admin?token=" + ADMIN);
        driver.findElement(By.id("room-name")).sendKeys(NAME);
        driver.findElement(By.id("room-slug")).sendKeys(SLUG);
        new Select(driver.findElement(By.id("room-visibility"))).selectByValue("public");
        WebElement ownShard = driver.findElement(By.id("room-sharded"));
        if (ownShard.isSelected()) {
            ownShard.click(); // in the shared database first: its admin decentralises it later
        }
        driver.findElement(By.cssSelector("[data-testid=create-room]")).click();
        WebElement row = waitFor(admin, "tr[data-slug=" + SLUG + "]");
        assertThat(row.getText()).contains(NAME).contains("shared");

        driver.get(cloud.url() + "/room/" + SLUG + "/settings");
        String anaInvite = invite(admin, "admin");
        String benInvite = invite(admin, "member");
        assertThat(anaInvite).startsWith(cloud.url() + "/join/").isNotEqualTo(benInvite);

        ana = browser();
        ben = browser();
        RoomPage.join(ana, anaInvite, "Ana Lima", "ana");
        RoomPage.join(ben, benInvite, "Ben Okafor", "ben");
        String first = write(ana, "The boats leave at six tomorrow.");
        String answer = "I'll bring the ropes and the thermos.";
        written.add(answer);
        String replyId = RoomPage.reply(ben, first, answer);
        Path picture = RoomPage.png(work.resolve("harbour.png"), 480, 320, new Color(0x2b6cb0));
        String photo = "The harbour this morning.";
        written.add(photo);
        String photoId = RoomPage.attach(ana, picture, photo);

        // each sees the other's: the reply quotes Ana, the picture loads from the store
        assertThat(RoomPage.messageWith(ana, answer, Duration.ofSeconds(20))).isEqualTo(replyId);
        assertThat(RoomPage.inMessage(
                        ana,
                        replyId,
                        m -> m.findElement(By.cssSelector(".reply")).getText()))
                .contains("The boats leave at six");
        assertThat(RoomPage.messageWith(ben, photo, Duration.ofSeconds(20))).isEqualTo(photoId);
        assertThat(RoomPage.loadedPictureWidth(ben, photoId)).isEqualTo(480);
        assertThat(RoomPage.count(ben, ".signed", 3)).isEqualTo(3);
        ben.screenshot("journey-1-cloud-chat.png");
    }

    /** Makes an invite link on the room's settings page (shown once). */
    private static String invite(Browser b, String role) {
        new Select(b.driver().findElement(By.id("invite-role"))).selectByValue(role);
        new Select(b.driver().findElement(By.id("invite-uses"))).selectByValue("1");
        String before = b.driver().findElement(By.id("invite-url")).getAttribute("value");
        b.driver().findElement(By.cssSelector("[data-testid=make-invite]")).click();
        return new WebDriverWait(b.driver(), Duration.ofSeconds(10)).until(d -> {
            String url = d.findElement(By.id("invite-url")).getAttribute("value");
            return url.isEmpty() || url.equals(before) ? null : url;
        });
    }

    private String write(Browser b, String text) {
        written.add(text);
        return RoomPage.send(b, text);
    }

    // --- 2 --------------------------------------------------------------------------------------------------------

    private void decentralise() throws Exception {
        var driver = ana.driver();
        driver.get(cloud.url() + "/room/" + SLUG + "/settings");
        assertThat(driver.findElement(By.cssSelector("[data-testid=where]")).getText())
                .contains("shares the instance's database");
        driver.findElement(By.id("start")).click();
        WebDriverWait moving = new WebDriverWait(driver, Duration.ofSeconds(30));
        moving.ignoring(StaleElementReferenceException.class);
        moving.until(d -> d.findElement(By.id("progress")).isDisplayed());

        // Ben keeps writing while the room's rows are copied
        for (int i = 1; i <= 3; i++) {
            write(ben, "Written during the move, " + i + ".");
        }
        assertThat(driver.findElement(By.id("toast")).isDisplayed())
                .as("the move was still running when Ben's messages were taken")
                .isFalse();
        assertThat(cloud.room(SLUG).get("isSharded").asBoolean()).isFalse();

        assertThat(moveEnded(ana)).isEqualTo("Room is now sovereign!");
        ana.screenshot("journey-2-sovereign.png");

        JsonNode room = cloud.room(SLUG);
        assertThat(room.get("isSharded").asBoolean()).isTrue();
        assertThat(cloud.shardServerHas(room.get("shardSchema").asText()))
                .as("its schema is on the shard server")
                .isTrue();
        assertThat(room.get("messageCount").asLong()).isEqualTo(written.size());

        // the usage panel shows the room on its shard once the sampler has seen it there
        new WebDriverWait(driver, Duration.ofSeconds(90))
                .pollingEvery(Duration.ofSeconds(2))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    d.get(cloud.url() + "/room/" + SLUG + "/settings");
                    return d.findElements(By.cssSelector("[data-testid=usage-messages]"))
                                            .size()
                                    == 1
                            && d.findElement(By.cssSelector("[data-testid=month-cost]"))
                                    .getText()
                                    .startsWith("This month so far:");
                });
        assertThat(driver.findElement(By.cssSelector("[data-testid=where]")).getText())
                .contains(room.get("shardSchema").asText());
        RoomPage.show(ana, "#usage");
        ana.screenshot("journey-2-usage.png");

        // nothing written during the move was lost: everyone's messages, in order, on the shard
        ben.driver().navigate().refresh();
        RoomPage.waitFor(ben, Duration.ofSeconds(20), "#live.on");
        assertThat(RoomPage.bodies(ben, written)).containsExactlyElementsOf(written);
    }

    // --- 3 --------------------------------------------------------------------------------------------------------

    private void exportThroughTheBrowser() throws Exception {
        Path downloads = Files.createDirectories(work.resolve("downloads"));
        ana.driver()
                .executeCdpCommand(
                        "Browser.setDownloadBehavior",
                        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        RoomPage.show(ana, "[data-testid=export]");
        ana.screenshot("journey-3-export.png");
        ana.driver().findElement(By.cssSelector("[data-testid=export-room]")).click();
        String id = cloud.room(SLUG).get("id").asText();
        Path expected = downloads.resolve("room_" + id + ".tar.zst");
        DesktopFixture.await(60, () -> Files.exists(expected) && noPartialDownloads(downloads));
        assertThat(Files.size(expected)).isGreaterThan(1000);
        bundle = expected;
    }

    private static boolean noPartialDownloads(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.noneMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        }
    }

    // --- 4 --------------------------------------------------------------------------------------------------------

    private void desktop() throws Exception {
        fx.awaitReady();
        tray = onFx(() -> fx.desktop.installTray());
        assertThat(tray).as("the app's icon is in the X session's tray").isPresent();
        onFx(() -> fx.desktop.closeKeepsRunning(true));
        trayIcon.icon(30);

        boolean dropped = onFx(() -> Drops.drop(fx.desktop.window().dropZoneNode(), List.of(bundle.toFile())));
        assertThat(dropped).isTrue();
        var imports = fx.desktop.window().imports();
        DesktopFixture.await(
                120,
                () -> fx.desktop.window().rooms().size() == 1
                        || imports.failureProperty().get() != null);
        assertThat(imports.failureProperty().get()).as("the import's failure").isNull();
        localRoom = fx.desktop.window().rooms().get(0);
        assertThat(localRoom.slug()).isEqualTo(SLUG);
        assertThat(localRoom.messages()).isEqualTo(written.size());
        assertThat(fx.desktop.window().statusProperty().get()).contains("Imported " + NAME);

        // the tray icon itself: right-click, "Start room server"
        trayIcon.pick(fx.desktop.trayMenu(), TrayMenuModel.START);
        DesktopFixture.await(90, () -> fx.desktop.trayMenu().serverRunning());
        liteUrl = fx.desktop.session().serverState().url();
        // then its "Open rooms in browser"
        trayIcon.pick(fx.desktop.trayMenu(), TrayMenuModel.OPEN_BROWSER);
        DesktopFixture.await(20, () -> (liteUrl + "/rooms").equals(fx.openedUrl));
        Thread.sleep(500); // the icon redrawn green
        Screenshots.screen("journey-4-desktop");
    }

    // --- 5 --------------------------------------------------------------------------------------------------------

    private void onLite() throws Exception {
        Browser host = browser();
        host.driver().get(fx.openedUrl);
        assertThat(host.driver().findElement(By.tagName("body")).getText()).contains(NAME);
        host.driver().get(liteUrl + "/room/" + SLUG + "/settings?token=" + ADMIN);
        String invite = invite(host, "member");
        assertThat(invite).startsWith(liteUrl + "/join/");

        Browser cleo = browser();
        RoomPage.join(cleo, invite, "Cleo Marsh", "cleo");
        assertThat(RoomPage.bodies(cleo, written)).containsExactlyElementsOf(written);
        String photo = RoomPage.messageWith(cleo, "The harbour this morning.", Duration.ofSeconds(10));
        assertThat(RoomPage.loadedPictureWidth(cleo, photo)).isEqualTo(480);
        assertThat(RoomPage.count(cleo, ".signed", written.size())).isEqualTo(written.size());
        assertThat(RoomPage.count(cleo, ".unsigned", 0)).isZero();
        for (int i = 1; i <= 3; i++) {
            write(cleo, "Hello from the Mesh-Lite, " + i + ".");
        }
        assertThat(RoomPage.count(cleo, ".signed", written.size())).isEqualTo(written.size());
        cleo.screenshot("journey-5-lite-room.png");
    }

    // --- 6 --------------------------------------------------------------------------------------------------------

    private void push() throws Exception {
        // the cloud's admin issues an import token in /admin (shown once)
        var driver = admin.driver();
        driver.get(cloud.url() + "/admin");
        new Select(driver.findElement(By.id("token-kind"))).selectByValue("import");
        driver.findElement(By.id("token-label")).sendKeys("Ana's desktop");
        driver.findElement(By.cssSelector("[data-testid=issue-token]")).click();
        String token = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            String value = d.findElement(By.id("token-value")).getAttribute("value");
            return value.isEmpty() ? null : value;
        });

        // saved in the desktop's Cloud accounts
        onFx(() -> fx.desktop.stage().toFront());
        robot.clickOn("#open-settings");
        DesktopFixture.await(20, () -> onFx(() -> fx.desktop.settingsStage().isShowing()));
        robot.clickOn("Cloud accounts");
        onFx(() -> {
            robot.lookup("#cloud-url").queryAs(TextField.class).setText(cloud.url());
            robot.lookup("#cloud-name").queryAs(TextField.class).setText("Harbour cloud");
            robot.lookup("#cloud-token").queryAs(TextField.class).setText(token);
        });
        robot.clickOn("#cloud-add");
        var accounts = onFx(() -> fx.desktop.settings().clouds().model());
        DesktopFixture.await(
                30,
                () -> !accounts.busyProperty().get()
                        && (!accounts.problemProperty().get().isEmpty()
                                || accounts.messageProperty().get().startsWith("Added")));
        assertThat(accounts.problemProperty().get()).isEmpty();
        robot.clickOn("#settings-close");

        // Push to cloud…
        robot.clickOn(localRoom.name());
        robot.clickOn("#room-push");
        DesktopFixture.await(
                20, () -> onFx(() -> fx.desktop.pushWindow(localRoom.id()).isPresent()));
        PushController push = onFx(() -> fx.desktop.pushWindow(localRoom.id()).orElseThrow());
        DesktopFixture.await(
                20, () -> robot.lookup("#push-account").queryAs(ComboBox.class).getValue() != null);
        robot.clickOn("#push-start");
        DesktopFixture.await(
                180,
                () -> push.stateProperty().get() == PushController.State.DONE
                        || push.stateProperty().get() == PushController.State.FAILED);
        assertThat(robot.lookup("#push-error").queryAs(Label.class).getText())
                .as("the push's failure")
                .isEmpty();
        assertThat(robot.lookup("#push-detail-cloud").queryAs(Label.class).getText())
                .isEqualTo("Imported");
        pushed = push.resultProperty().get();
        assertThat(pushed.messages()).isEqualTo(written.size());
        Screenshots.screen("journey-6-push");
        robot.clickOn("#push-open-cloud");
        DesktopFixture.await(10, () -> pushed.roomUrl().equals(fx.openedUrl));
        assertThat(pushed.roomUrl()).startsWith(cloud.url() + "/room/");
        pushedSlug = pushed.roomUrl().substring((cloud.url() + "/room/").length());
        robot.clickOn("#push-close");
    }

    // --- 7 --------------------------------------------------------------------------------------------------------

    private void pushedCopy() throws Exception {
        JsonNode original = cloud.room(SLUG);
        JsonNode copy = cloud.room(pushedSlug);
        assertThat(copy.get("id").asText())
                .as("a new room")
                .isNotEqualTo(original.get("id").asText());
        assertThat(copy.get("isSharded").asBoolean())
                .as("imported straight into a shard")
                .isTrue();
        assertThat(copy.get("shardSchema").asText())
                .isNotEqualTo(original.get("shardSchema").asText());
        assertThat(cloud.shardServerHas(copy.get("shardSchema").asText())).isTrue();
        assertThat(copy.get("messageCount").asLong()).isEqualTo(written.size());

        admin.driver().get(fx.openedUrl);
        RoomPage.waitFor(admin, Duration.ofSeconds(20), "#live.on");
        assertThat(RoomPage.bodies(admin, written)).containsExactlyElementsOf(written);
        assertThat(RoomPage.count(admin, ".signed", written.size())).isEqualTo(written.size());
        assertThat(RoomPage.count(admin, ".unsigned", 0)).isZero();
        String photo = RoomPage.messageWith(admin, "The harbour this morning.", Duration.ofSeconds(10));
        assertThat(RoomPage.loadedPictureWidth(admin, photo)).isEqualTo(480);
        admin.screenshot("journey-7-cloud-copy.png");

        admin.driver().get(cloud.url() + "/admin");
        WebElement history =
                admin.driver().findElements(By.cssSelector("[data-testid=history-table] tbody tr")).stream()
                        .filter(r -> !r.findElements(By.cssSelector("a[href='/room/" + pushedSlug + "/settings']"))
                                .isEmpty())
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("no import_history row for #" + pushedSlug + " in /admin"));
        assertThat(history.getText())
                .contains("pushed with an import token")
                .contains(copy.get("shardSchema").asText());
        List<WebElement> counts = history.findElements(By.cssSelector("td.num"));
        assertThat(counts).hasSize(2);
        assertThat(counts.get(0).getText()).as("messages imported").isEqualTo(String.valueOf(written.size()));
        assertThat(counts.get(1).getText()).as("files imported").isEqualTo("1");
        ((JavascriptExecutor) admin.driver()).executeScript("document.getElementById('imports').scrollIntoView()");
        admin.screenshot("journey-7-admin-history.png");
    }

    // --- 8 --------------------------------------------------------------------------------------------------------

    private void recentralise() throws Exception {
        String schema = cloud.room(pushedSlug).get("shardSchema").asText();
        var driver = admin.driver();
        driver.get(cloud.url() + "/room/" + pushedSlug + "/settings");
        driver.findElement(By.id("recentralise")).click();
        assertThat(moveEnded(admin)).isEqualTo("Room is back in the shared database");
        admin.screenshot("journey-8-recentralised.png");

        JsonNode room = cloud.room(pushedSlug);
        assertThat(room.get("isSharded").asBoolean()).isFalse();
        assertThat(room.get("messageCount").asLong()).isEqualTo(written.size());
        DesktopFixture.await(60, () -> !cloud.shardServerHas(schema));
        driver.get(cloud.url() + "/room/" + pushedSlug);
        RoomPage.waitFor(admin, Duration.ofSeconds(20), "#live.on");
        assertThat(RoomPage.bodies(admin, written)).containsExactlyElementsOf(written);
        assertThat(RoomPage.count(admin, ".signed", written.size())).isEqualTo(written.size());
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    /**
     * Waits on a settings page until the move it started ends: fails with the page's sentence if it stopped, else
     * the toast's text (shown for 4 s before the page reloads itself).
     */
    private static String moveEnded(Browser b) {
        var driver = b.driver();
        WebDriverWait done = new WebDriverWait(driver, Duration.ofMinutes(3));
        done.pollingEvery(Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class);
        done.until(d -> d.findElement(By.id("toast")).isDisplayed()
                || d.findElement(By.id("error")).isDisplayed());
        assertThat(driver.findElement(By.id("error")).isDisplayed())
                .as("the move stopped: "
                        + driver.findElement(By.id("error-text")).getText())
                .isFalse();
        return driver.findElement(By.id("toast")).getText();
    }

    private Browser browser() throws Exception {
        Browser b = Browser.start(1100, 860);
        browsers.add(b);
        return b;
    }

    private static WebElement waitFor(Browser b, String css) {
        return RoomPage.waitFor(b, Duration.ofSeconds(20), css);
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get();
    }

    private static void onFx(Runnable work) throws Exception {
        WaitForAsyncUtils.asyncFx(work).get();
    }
}
