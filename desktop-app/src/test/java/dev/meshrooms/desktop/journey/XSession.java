package dev.meshrooms.desktop.journey;

import dev.meshrooms.core.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real X session for the desktop: Debian's Xvfb on the display this JVM was started with ({@code DISPLAY}) and a
 * system tray running in it (Debian's {@code trayer}, a panel holding XEmbed tray icons at the top right). Started
 * before the first window or tray icon of the JVM connects; both end when the JVM does.
 */
final class XSession {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    private XSession() {}

    static XSession start() throws IOException, InterruptedException {
        String display = System.getenv("DISPLAY");
        if (display == null || !display.matches(":\\d+")) {
            throw new IllegalStateException(
                    "the journey runs its own X server on the display it is given: start the JVM with DISPLAY=:<n>"
                            + " (the desktop-app build sets it; now DISPLAY=" + display + ")");
        }
        Path socket = Path.of("/tmp/.X11-unix/X" + display.substring(1));
        if (Files.exists(Path.of("/tmp/.X" + display.substring(1) + "-lock"))) {
            throw new IllegalStateException("display " + display + " is in use (/tmp/.X" + display.substring(1)
                    + "-lock): stop that X server or run the journey with -Djourney.display=<another number>");
        }
        Path logs = TempDirs.create("mesh-journey-x");
        // the X server and the tray outlive this JVM's last window by a moment: GTK and AWT keep their connections to
        // the display until the JVM exits, and lose them badly (a crash) if the server goes first. A shell started
        // here ends both as soon as this JVM is gone.
        String script = "x=; t=; trap 'kill $t $x 2>/dev/null; exit 0' TERM;"
                + " Xvfb \"$1\" -screen 0 " + WIDTH + "x" + HEIGHT + "x24 -nolisten tcp > \"$3/xvfb.log\" 2>&1 &"
                + " x=$!;"
                // the server answers (a socket file left by an earlier server would not say so)
                + " until xdpyinfo -display \"$1\" > /dev/null 2>&1 || ! kill -0 $x 2>/dev/null; do sleep 0.05; done;"
                + " DISPLAY=\"$1\" trayer --edge top --align right --widthtype request --height 32"
                + " --SetDockType true --transparent false > \"$3/trayer.log\" 2>&1 &"
                + " t=$!;"
                + " while kill -0 \"$2\" 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 0.5; done;"
                + " kill $t $x 2>/dev/null; wait";
        Process session = new ProcessBuilder(
                        "sh",
                        "-c",
                        script,
                        "x-session",
                        display,
                        String.valueOf(ProcessHandle.current().pid()),
                        logs.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("session.log").toFile())
                .start();
        XSession x = new XSession();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket) || !x.tree().contains("\"panel\": (\"panel\" \"trayer\")")) {
            if (!session.isAlive() || System.nanoTime() > deadline) {
                session.destroy();
                throw new IllegalStateException("Xvfb with trayer did not start on " + display + " (logs in " + logs
                        + "): " + read(logs.resolve("xvfb.log")) + read(logs.resolve("trayer.log")));
            }
            Thread.sleep(100);
        }
        return x;
    }

    /** {@code xwininfo -root -tree}: every window with its absolute position. */
    String tree() throws IOException, InterruptedException {
        return xwininfo("-root", "-tree");
    }

    /** The output of {@code xwininfo ARGS}; fails after 10 s (an X server that stopped answering). */
    private static String xwininfo(String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("xwininfo"));
        command.addAll(java.util.List.of(args));
        Path out = Files.createTempFile("xwininfo", ".txt");
        try {
            Process info = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!info.waitFor(10, TimeUnit.SECONDS)) {
                info.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not answer within 10 s");
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Whether window {@code id} is mapped and visible ({@code xwininfo -id}: "Map State: IsViewable"). */
    boolean viewable(String id) throws IOException, InterruptedException {
        return xwininfo("-id", id).contains("Map State: IsViewable");
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
