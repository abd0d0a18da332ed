package dev.meshrooms.desktop.testing;

import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.runtime.LiteServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real bundle from the exporter: the demo room of a Mesh-Lite started on a temporary data directory. Made once. */
public final class RealBundle {
    private static Path bundle;

    private RealBundle() {}

    public static synchronized Path demo() {
        if (bundle == null) {
            try {
                Path source = TempDirs.create("mesh-desktop-source");
                Path out = TempDirs.create("mesh-desktop-bundles");
                try (LiteServer server = LiteServer.start(
                        LiteSettings.from(
                                Map.of(Environment.ADMIN_TOKEN, "test-admin-token-0123456789-abcdefgh"), source, 0),
                        true)) {
                    Room demo = server.demo().orElseThrow();
                    Path file = out.resolve("room_" + demo.id() + ".tar.zst");
                    try (OutputStream os = Files.newOutputStream(file)) {
                        server.runtime().core().exporter(server.baseUrl()).export(demo.id(), os, ProgressListener.NONE);
                    }
                    bundle = file;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundle;
    }

    /**
     * A real bundle of a room with a few messages and one file of {@code fileBytes} random bytes: big enough that its
     * upload takes several chunks (1 MiB each). Made once per size.
     */
    public static synchronized Path withFile(int fileBytes) {
        return withFile.computeIfAbsent(fileBytes, RealBundle::makeWithFile);
    }

    private static final java.util.Map<Integer, Path> withFile = new java.util.HashMap<>();

    private static Path makeWithFile(int fileBytes) {
        try {
            Path source = TempDirs.create("mesh-desktop-source");
            Path out = TempDirs.create("mesh-desktop-bundles");
            try (LiteServer server = LiteServer.start(
                    LiteSettings.from(
                            Map.of(Environment.ADMIN_TOKEN, "test-admin-token-0123456789-abcdefgh"), source, 0),
                    false)) {
                var core = server.runtime().core();
                var admin = core.admin().user();
                Room room = core.roomService()
                        .create(
                                new dev.meshrooms.core.model.NewRoom(
                                        "harbour", "Harbour photos", dev.meshrooms.core.model.Visibility.PRIVATE),
                                admin.id());
                core.messages().send(room.id(), admin.id(), "the boats leave at six", null);
                var photo = core.messages().send(room.id(), admin.id(), "the harbour this morning", null);
                byte[] file = new byte[fileBytes];
                new java.util.Random(7).nextBytes(file);
                core.media()
                        .attach(
                                room,
                                photo.id(),
                                "harbour.bin",
                                "application/octet-stream",
                                new java.io.ByteArrayInputStream(file),
                                file.length);
                Path bundle = out.resolve("room_" + room.id() + ".tar.zst");
                try (OutputStream os = Files.newOutputStream(bundle)) {
                    core.exporter(server.baseUrl()).export(room.id(), os, ProgressListener.NONE);
                }
                return bundle;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file named like a bundle that holds junk: what a hostile or broken download looks like. */
    public static Path junk() {
        try {
            Path dir = TempDirs.create("mesh-desktop-junk");
            Path file = dir.resolve("x.tar.zst");
            byte[] junk = new byte[4096];
            new java.util.Random(42).nextBytes(junk);
            Files.write(file, junk);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
