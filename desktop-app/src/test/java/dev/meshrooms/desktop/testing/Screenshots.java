package dev.meshrooms.desktop.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Saves what the user sees (Scene.snapshot → PNG) as {@code target/screenshots/desktop-NAME.png}; with
 * {@code -Dscreenshots.update=true} also as the documentation's {@code docs/images/desktop-NAME.png}. Call on the FX
 * thread.
 */
public final class Screenshots {
    private Screenshots() {}

    public static Path save(Scene scene, String name) {
        return write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), name);
    }

    /**
     * The same with the scene's open popups (a context menu) drawn over it where they show: a scene's snapshot holds
     * only its own window.
     */
    public static Path saveWithPopups(Scene scene, String name) {
        BufferedImage png = SwingFXUtils.fromFXImage(scene.snapshot(null), null);
        java.awt.Graphics2D g = png.createGraphics();
        double originX = scene.getWindow().getX() + scene.getX();
        double originY = scene.getWindow().getY() + scene.getY();
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            if (w instanceof javafx.stage.PopupWindow popup
                    && popup.isShowing()
                    && popup.getOwnerWindow() == scene.getWindow()) {
                WritableImage shot = popup.getScene().snapshot(null);
                g.drawImage(
                        SwingFXUtils.fromFXImage(shot, null),
                        (int) Math.round(popup.getX() + popup.getScene().getX() - originX),
                        (int) Math.round(popup.getY() + popup.getScene().getY() - originY),
                        null);
            }
        }
        g.dispose();
        return write(png, name);
    }

    /**
     * The whole screen the app runs on (its windows, the system tray) as {@code NAME.png}, saved as above; a
     * {@link java.awt.Robot} reads it, so it needs a display and is called off the FX thread.
     */
    public static Path screen(String name) {
        try {
            java.awt.Rectangle all =
                    new java.awt.Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
            return writeFile(new java.awt.Robot().createScreenCapture(all), name + ".png");
        } catch (java.awt.AWTException e) {
            throw new IllegalStateException("no screen to capture: " + e.getMessage(), e);
        }
    }

    private static Path write(BufferedImage png, String name) {
        return writeFile(png, "desktop-" + name + ".png");
    }

    private static Path writeFile(BufferedImage png, String fileName) {
        Path file = Path.of("target", "screenshots", fileName).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(png, "png", file.toFile());
            if (Boolean.getBoolean("screenshots.update")) {
                Path docs = imagesDir().resolve(file.getFileName());
                Files.createDirectories(docs.getParent());
                Files.copy(file, docs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path imagesDir() {
        Path module = Path.of("").toAbsolutePath();
        Path root = Files.exists(module.resolve("../docs")) ? module.resolve("..") : module;
        return root.resolve("docs").resolve("images").normalize();
    }
}
