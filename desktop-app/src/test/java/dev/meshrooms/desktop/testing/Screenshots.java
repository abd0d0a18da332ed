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
        WritableImage image = scene.snapshot(null);
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Path file = Path.of("target", "screenshots", "desktop-" + name + ".png").toAbsolutePath();
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
