package dev.meshrooms.desktop.launcher;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a URL (or a folder) the way the operating system does: the platform's browse action where it is supported,
 * else the system's opener command ({@code xdg-open}, {@code open}, {@code rundll32 url.dll}); when none works, the
 * caller is told ({@code failed}), which shows the address to copy. Never fails silently, never blocks the caller.
 */
final class BrowserOpener implements Consumer<String> {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserOpener.class);
    private final boolean tryPlatform;
    private final Function<String, List<List<String>>> commands;
    private final Consumer<String> failed;

    /** The platform's way, then the system's commands; {@code failed} runs (on a background thread) when none works. */
    static BrowserOpener system(Consumer<String> failed) {
        return new BrowserOpener(true, BrowserOpener::systemCommands, failed);
    }

    BrowserOpener(boolean tryPlatform, Function<String, List<List<String>>> commands, Consumer<String> failed) {
        this.tryPlatform = tryPlatform;
        this.commands = commands;
        this.failed = failed;
    }

    @Override
    public void accept(String url) {
        Thread opener = new Thread(
                () -> {
                    if (!open(url)) {
                        failed.accept(url);
                    }
                },
                "mesh-open-browser");
        opener.setDaemon(true);
        opener.start();
    }

    /** True when something opened the URL. */
    boolean open(String url) {
        if (tryPlatform && platformBrowse(url)) {
            return true;
        }
        for (List<String> command : commands.apply(url)) {
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (process.waitFor(15, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return true;
                }
                LOG.info(
                        "{} could not open {} (exit {})",
                        command.get(0),
                        url,
                        process.isAlive() ? "timeout" : process.exitValue());
            } catch (IOException e) {
                LOG.info("{} is not available to open {}: {}", command.get(0), url, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean platformBrowse(String url) {
        try {
            if (java.awt.Desktop.isDesktopSupported()
                    && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                java.awt.Desktop.getDesktop().browse(URI.create(url));
                return true;
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("the platform's browse action could not open {}: {}", url, e.getMessage());
        }
        return false;
    }

    /** What each system uses to open a document. */
    static List<List<String>> systemCommands(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return List.of(List.of("rundll32", "url.dll,FileProtocolHandler", url));
        }
        if (os.contains("mac")) {
            return List.of(List.of("open", url));
        }
        return List.of(List.of("xdg-open", url), List.of("gio", "open", url));
    }
}
