package dev.meshrooms.desktop.instance;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** A later launch: hands its files to the app that owns the data directory (see {@link HandoffServer}). */
public final class HandoffClient {
    private final DataDirectory dir;
    private final Duration patience;

    /** @param patience how long to wait for the running app to listen (it may be starting up itself) */
    public HandoffClient(DataDirectory dir, Duration patience) {
        this.dir = dir;
        this.patience = patience;
    }

    /** Sends the files (made absolute) and returns how many the running app took. */
    public int send(List<Path> files) {
        long deadline = System.nanoTime() + patience.toNanos();
        String lastProblem = "it has not published " + dir.desktopFile() + " yet";
        while (true) {
            Properties published = published();
            if (published != null) {
                try {
                    return send(published, files);
                } catch (IOException e) {
                    lastProblem =
                            "127.0.0.1:" + published.getProperty("port") + " did not answer (" + e.getMessage() + ")";
                }
            }
            if (System.nanoTime() > deadline) {
                throw new MeshException(
                        ErrorCode.CONFLICT,
                        "Mesh-Lite already runs on " + dir.root()
                                + " but did not take the files: " + lastProblem
                                + "; bring its window up and import them there, "
                                + "or quit it and open them again");
            }
            sleep();
        }
    }

    private Properties published() {
        Path file = dir.desktopFile();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            return null;
        }
        long pid = Long.parseLong(p.getProperty("pid", "0"));
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive && p.getProperty("port") != null && p.getProperty("token") != null ? p : null;
    }

    private static int send(Properties published, List<Path> files) throws IOException {
        int port = Integer.parseInt(published.getProperty("port"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(10_000);
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            out.write(HandoffServer.HELLO + "\n" + published.getProperty("token") + "\n");
            for (Path file : files) {
                if (file.toString().indexOf('\n') >= 0) {
                    throw new MeshException(
                            ErrorCode.INVALID_INPUT,
                            file + ": a file name with a line break cannot be handed over; rename it");
                }
                out.write("open " + file.toAbsolutePath().normalize() + "\n");
            }
            out.write("end\n");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (answer != null && answer.startsWith("ok ")) {
                return Integer.parseInt(answer.substring(3).trim());
            }
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "the running Mesh-Lite refused the files: "
                            + (answer == null ? "no answer" : answer.replaceFirst("^error ", "")));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "interrupted while handing files to the running Mesh-Lite");
        }
    }
}
