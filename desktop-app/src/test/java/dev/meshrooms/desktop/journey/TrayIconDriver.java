package dev.meshrooms.desktop.journey;

import dev.meshrooms.desktop.ui.tray.TrayMenuModel;
import java.awt.EventQueue;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clicks the app's icon in the X session's system tray as a person does: the mouse moves onto the icon the tray panel
 * embeds, a right click opens its menu, a left click picks an entry. Windows are found by what
 * {@code xwininfo -root -tree} shows of them (the XEmbed icon window, the popup menu's window).
 */
final class TrayIconDriver {
    /** A window line of {@code xwininfo -tree}: {@code 0x4000 "name": ("res" "class")  24x30+0+0  +1255+1}. */
    private static final String GEOMETRY = "\\s+(\\d+)x(\\d+)\\+-?\\d+\\+-?\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)";

    private static final Pattern ICON = Pattern.compile("(0x[0-9a-f]+) \"JavaEmbeddedFrame\": \\([^)]*\\)" + GEOMETRY);
    private static final Pattern MENU =
            Pattern.compile("(0x[0-9a-f]+) \"sun-awt-X11-XPopupMenuPeer\": \\([^)]*\\)" + GEOMETRY);

    private final XSession x;
    private final Robot robot;

    TrayIconDriver(XSession x) throws java.awt.AWTException {
        this.x = x;
        this.robot = new Robot();
        robot.setAutoDelay(40);
    }

    record Box(int x, int y, int width, int height) {
        int centreX() {
            return x + width / 2;
        }

        int centreY() {
            return y + height / 2;
        }
    }

    /** Where the tray shows the app's icon; fails when there is none within {@code seconds}. */
    Box icon(int seconds) throws Exception {
        return awaitShown(ICON, seconds, "no tray icon of the app in the tray panel");
    }

    /**
     * Right-clicks the icon and clicks the entry {@code label} of the menu that opens, once the tray shows
     * {@code menu} (it is rebuilt on AWT's event thread after each change).
     */
    void pick(TrayMenuModel menu, String label) throws Exception {
        int index = menu.items().indexOf(menu.item(label));
        int count = menu.items().size();
        EventQueue.invokeAndWait(() -> {}); // the rebuild queued by the model's change has run
        Box icon = icon(30);
        click(icon.centreX(), icon.centreY(), InputEvent.BUTTON3_DOWN_MASK);
        Box popup = awaitShown(MENU, 10, "right-clicking the tray icon opened no menu");
        int row = popup.height() / count;
        click(popup.centreX(), popup.y() + row * index + row / 2, InputEvent.BUTTON1_DOWN_MASK);
    }

    private void click(int atX, int atY, int button) {
        robot.mouseMove(atX, atY);
        robot.delay(150);
        robot.mousePress(button);
        robot.mouseRelease(button);
        robot.waitForIdle();
    }

    /** The first window matching {@code window} that is on screen (menus of earlier clicks stay, unmapped). */
    private Box awaitShown(Pattern window, int seconds, String failure) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String tree;
        do {
            tree = x.tree();
            Matcher found = window.matcher(tree);
            while (found.find()) {
                if (x.viewable(found.group(1))) {
                    return new Box(
                            Integer.parseInt(found.group(4)),
                            Integer.parseInt(found.group(5)),
                            Integer.parseInt(found.group(2)),
                            Integer.parseInt(found.group(3)));
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(failure + " within " + seconds + " s; the X session's windows:\n" + tree);
    }
}
