package dev.meshrooms.lite.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person does on a room's pages in Chromium: join by invite, write, reply, attach, and read messages back. A
 * message's element is replaced whenever a newer copy of it arrives, so messages are held by id and read afresh.
 */
public final class RoomPage {
    private RoomPage() {}

    /** Opens an invite link and joins with a name and handle; ends on the room's page with its live stream on. */
    public static void join(Browser b, String invite, String name, String handle) {
        var driver = b.driver();
        driver.get(invite);
        driver.findElement(By.id("displayName")).sendKeys(name);
        driver.findElement(By.id("handle")).sendKeys(handle);
        driver.findElement(By.cssSelector("[data-testid=join]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().matches(".*/room/[a-z0-9-]+$"));
        waitFor(b, Duration.ofSeconds(20), "#live.on");
    }

    /** Writes a message and waits until it is shown (the composer is cleared only once the server took it). */
    public static String send(Browser b, String text) {
        b.driver().findElement(By.id("body")).sendKeys(text + Keys.ENTER);
        String id = messageWith(b, text, Duration.ofSeconds(20));
        new WebDriverWait(b.driver(), Duration.ofSeconds(10))
                .until(d -> d.findElement(By.id("body")).getAttribute("value").isEmpty());
        return id;
    }

    /** Replies to a message: its Reply action, then the text. */
    public static String reply(Browser b, String messageId, String text) {
        act(b, messageId, "reply");
        return send(b, text);
    }

    /** Attaches a file with the composer's file picker, waits until it is uploaded, then sends it with a text. */
    public static String attach(Browser b, Path file, String text) {
        b.driver().findElement(By.id("file")).sendKeys(file.toString());
        new WebDriverWait(b.driver(), Duration.ofSeconds(30))
                .until(d -> !d.findElements(By.cssSelector(".upload.ready")).isEmpty());
        return send(b, text);
    }

    /** Clicks one of a message's actions (shown on hover), finding the message afresh each try. */
    public static void act(Browser b, String messageId, String action) {
        new WebDriverWait(b.driver(), Duration.ofSeconds(10))
                .pollingEvery(Duration.ofMillis(20))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    WebElement message = d.findElement(By.id("m-" + messageId));
                    new Actions(d).moveToElement(message).perform();
                    message.findElement(By.cssSelector("button[data-act=" + action + "]"))
                            .click();
                    return true;
                });
    }

    /** The id of the shown message whose text contains {@code text}. */
    public static String messageWith(Browser b, String text, Duration within) {
        return new WebDriverWait(b.driver(), within)
                .pollingEvery(Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#messages article.message")).stream()
                        .filter(m -> m.findElement(By.cssSelector("[data-testid=body]"))
                                .getText()
                                .contains(text))
                        .map(m -> m.getAttribute("data-id"))
                        .findFirst()
                        .orElse(null));
    }

    /** Reads from the message's current element, again if it was replaced while reading. */
    public static String inMessage(Browser b, String messageId, Function<WebElement, String> read) {
        return new WebDriverWait(b.driver(), Duration.ofSeconds(10))
                .pollingEvery(Duration.ofMillis(20))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> read.apply(d.findElement(By.id("m-" + messageId))));
    }

    /**
     * The texts of the shown messages, oldest first: once they are {@code expected}, or what is shown after 10 s of
     * waiting for that (the page draws its messages after it loads).
     */
    public static List<String> bodies(Browser b, List<String> expected) {
        return settled(
                b,
                expected,
                d -> d.findElements(By.cssSelector("#messages article.message [data-testid=body]")).stream()
                        .map(WebElement::getText)
                        .toList());
    }

    /** How many shown messages match {@code css} (e.g. {@code .signed}): {@code expected}, or what is shown after 10 s. */
    public static long count(Browser b, String css, long expected) {
        return settled(b, expected, d -> (long) d.findElements(By.cssSelector("#messages article.message " + css))
                .size());
    }

    private static <T> T settled(Browser b, T expected, Function<org.openqa.selenium.WebDriver, T> read) {
        java.util.concurrent.atomic.AtomicReference<T> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            new WebDriverWait(b.driver(), Duration.ofSeconds(10))
                    .pollingEvery(Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class)
                    .until(d -> {
                        last.set(read.apply(d));
                        return expected.equals(last.get());
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            // the caller's assertion says what differs
        }
        return last.get();
    }

    public static WebElement waitFor(Browser b, Duration within, String css) {
        return new WebDriverWait(b.driver(), within)
                .ignoring(StaleElementReferenceException.class)
                .until(d ->
                        d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    /** Waits until the message's picture has loaded from the store; its natural width. */
    public static int loadedPictureWidth(Browser b, String messageId) {
        By image = By.cssSelector("img[data-testid=media-image]");
        JavascriptExecutor js = (JavascriptExecutor) b.driver();
        Number natural = new WebDriverWait(b.driver(), Duration.ofSeconds(20))
                .pollingEvery(Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> (Number) js.executeScript(
                        "const img = arguments[0];"
                                + "return img.complete && img.naturalWidth > 0 ? img.naturalWidth : null;",
                        d.findElement(By.id("m-" + messageId)).findElement(image)));
        return natural.intValue();
    }

    /** Scrolls an element to the middle of the viewport (screenshots hold the viewport only). */
    public static void show(Browser b, String css) {
        ((JavascriptExecutor) b.driver())
                .executeScript(
                        "arguments[0].scrollIntoView({block: 'center'})",
                        b.driver().findElement(By.cssSelector(css)));
    }

    /** A PNG picture of one colour, written to {@code file}. */
    public static Path png(Path file, int width, int height, Color color) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(color.darker());
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
