package dev.meshrooms.desktop.ui.tray;

import java.awt.AWTException;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows a {@link TrayMenuModel} in the AWT system tray, where there is one; the app works without. */
public final class AwtTrayMenu {
    private static final Logger LOG = LoggerFactory.getLogger(AwtTrayMenu.class);
    private final TrayIcon icon;

    private AwtTrayMenu(TrayIcon icon) {
        this.icon = icon;
    }

    /** A tray icon showing {@code model}, or empty when the desktop has no tray (headless, bare X servers). */
    public static Optional<AwtTrayMenu> install(TrayMenuModel model) {
        if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
            LOG.info("no system tray here: Mesh-Lite runs from its window");
            return Optional.empty();
        }
        try {
            TrayIcon icon = new TrayIcon(image(model.serverRunning()), model.tooltip());
            icon.setImageAutoSize(true);
            AwtTrayMenu tray = new AwtTrayMenu(icon);
            tray.show(model);
            SystemTray.getSystemTray().add(icon);
            return Optional.of(tray);
        } catch (AWTException | UnsupportedOperationException e) {
            LOG.warn("the system tray refused the icon ({}); Mesh-Lite runs from its window", e.getMessage());
            return Optional.empty();
        }
    }

    /** Rebuilds the menu and the icon from a new model. */
    public void show(TrayMenuModel model) {
        EventQueue.invokeLater(() -> {
            PopupMenu menu = new PopupMenu();
            for (TrayMenuItem item : model.items()) {
                MenuItem entry = new MenuItem(item.label());
                entry.setEnabled(item.enabled());
                entry.addActionListener(e -> item.action().run());
                menu.add(entry);
            }
            icon.setPopupMenu(menu);
            icon.setToolTip(model.tooltip());
            icon.setImage(image(model.serverRunning()));
        });
    }

    public void remove() {
        EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }

    private static BufferedImage image(boolean running) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x2b6cb0));
        g.fillRoundRect(2, 2, 28, 28, 10, 10);
        g.setColor(running ? new Color(0x48bb78) : new Color(0xa0aec0));
        g.fillOval(18, 18, 12, 12);
        g.dispose();
        return image;
    }
}
