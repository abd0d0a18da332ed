package dev.meshrooms.desktop.instance;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.runtime.DataDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a loopback port for later launches of the app on the same data directory. The port and a random token
 * go into {@code desktop.properties} (readable by this user only); a client must send the token first.
 *
 * <p>Protocol (UTF-8 lines): {@code MESH-LITE-HANDOFF 1}, the token, then {@code open <absolute path>} per file,
 * then {@code end}. The answer is {@code ok <files>} or {@code error <sentence>}.
 */
final class HandoffServer implements AutoCloseable {
    static final String HELLO = "MESH-LITE-HANDOFF 1";
    static final int MAX_FILES = 1000;
    static final int MAX_LINE = 8192;
    private static final Logger LOG = LoggerFactory.getLogger(HandoffServer.class);
    private final DataDirectory dir;
    private final ServerSocket socket;
    private final String token;
    private final Consumer<Handoff> receiver;

    private HandoffServer(DataDirectory dir, ServerSocket socket, String token, Consumer<Handoff> receiver) {
        this.dir = dir;
        this.socket = socket;
        this.token = token;
        this.receiver = receiver;
    }

    static HandoffServer start(DataDirectory dir, Consumer<Handoff> receiver) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try {
            ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            HandoffServer server = new HandoffServer(dir, socket, token, receiver);
            server.publish();
            Thread accept = new Thread(server::acceptLoop, "mesh-desktop-handoff");
            accept.setDaemon(true);
            accept.start();
            LOG.info("a second launch on {} hands its files to this app (port {})", dir.root(), socket.getLocalPort());
            return server;
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "cannot listen for later launches on 127.0.0.1 or write " + dir.desktopFile() + ": "
                            + e.getMessage() + "; opening bundles with Mesh-Lite while it runs will not work",
                    e);
        }
    }

    private void publish() throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("port", Integer.toString(socket.getLocalPort()));
        p.setProperty("token", token);
        Path file = dir.desktopFile();
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp);
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user profile folder is private already
        }
        try (Writer w = Files.newBufferedWriter(temp)) {
            p.store(w, "the running Mesh-Lite desktop app takes later launches' files here");
        }
        Files.move(
                temp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(5000);
                serve(client);
            } catch (SocketException closed) {
                if (!socket.isClosed()) {
                    LOG.warn("a later launch's connection failed: {}", closed.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("a later launch's hand-off failed: {}", e.toString());
            }
        }
    }

    private void serve(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
        String answer;
        try {
            Handoff handoff = read(in);
            LOG.info(
                    "a later launch handed over {} file(s): {}", handoff.files().size(), handoff.files());
            receiver.accept(handoff);
            answer = "ok " + handoff.files().size();
        } catch (MeshException refused) {
            LOG.warn("refused a hand-off: {}", refused.getMessage());
            answer = "error " + refused.getMessage();
        }
        out.write(answer + "\n");
        out.flush();
    }

    private Handoff read(BufferedReader in) throws IOException {
        if (!HELLO.equals(line(in))) {
            throw refused("not a Mesh-Lite hand-off");
        }
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), line(in).getBytes(StandardCharsets.UTF_8))) {
            throw refused("wrong token (" + dir.desktopFile() + " changed?)");
        }
        List<Path> files = new ArrayList<>();
        for (String line = line(in); !"end".equals(line); line = line(in)) {
            if (!line.startsWith("open ") || files.size() >= MAX_FILES) {
                throw refused("unexpected line or more than " + MAX_FILES + " files");
            }
            Path file = Path.of(line.substring("open ".length()));
            if (!file.isAbsolute()) {
                throw refused(file + " is not an absolute path");
            }
            files.add(file);
        }
        return new Handoff(files);
    }

    private static String line(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw refused("the connection ended early");
            }
            if (line.length() >= MAX_LINE) {
                throw refused("a line longer than " + MAX_LINE + " characters");
            }
            line.append((char) c);
        }
        return line.toString();
    }

    private static MeshException refused(String why) {
        return new MeshException(ErrorCode.INVALID_INPUT, "hand-off refused: " + why);
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a server socket does not fail in practice
        }
        try {
            Files.deleteIfExists(dir.desktopFile());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir.desktopFile(), e.getMessage());
        }
    }
}
