package dev.meshrooms.desktop.session;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.bundle.ImportResult;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomState;
import dev.meshrooms.core.model.RoomSummary;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.demo.DemoRoom;
import dev.meshrooms.lite.push.CloudPush;
import dev.meshrooms.lite.push.PushSpools;
import dev.meshrooms.lite.runtime.LiteRuntime;
import dev.meshrooms.lite.runtime.LiteServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This computer's Mesh-Lite as the desktop app sees it: the runtime (embedded PostgreSQL and S3 store, started once
 * and kept for listing and importing rooms) and the room server (HTTP), which starts and stops on demand. Every call
 * blocks; the UI runs them on its background executor.
 */
public final class DesktopSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopSession.class);
    private final LiteSettings settings;
    private final List<Consumer<ServerState>> listeners = new CopyOnWriteArrayList<>();
    private LiteRuntime runtime;
    private LiteServer server;
    private volatile ServerState state = ServerState.STOPPED;
    private volatile String newAdminToken;
    private boolean closed;

    public DesktopSession(LiteSettings settings) {
        this.settings = settings;
    }

    public LiteSettings settings() {
        return settings;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** Starts the embedded services if they do not run yet. */
    public synchronized LiteRuntime open() {
        if (closed) {
            throw new MeshException(ErrorCode.CONFLICT, "Mesh-Lite is shutting down");
        }
        if (runtime == null) {
            LOG.info("starting the local services on {}", settings.dataDir());
            runtime = LiteRuntime.start(settings);
        }
        return runtime;
    }

    MeshCore core() {
        return open().core();
    }

    public List<LocalRoom> rooms() {
        MeshCore core = core();
        java.util.Map<java.util.UUID, java.time.Instant> imported = core.rooms().importedAt();
        return core.rooms().list().stream()
                .filter(room -> room.state() != RoomState.IMPORTING)
                .map(room -> toLocal(core.roomService().summary(room), imported.get(room.id())))
                .sorted(Comparator.comparing(LocalRoom::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** @param importedAt when the room came with a bundle (null: made here) */
    private static LocalRoom toLocal(RoomSummary summary, java.time.Instant importedAt) {
        Room room = summary.room();
        return new LocalRoom(
                room.id(),
                room.name(),
                room.slug(),
                summary.messageCount(),
                summary.mediaBytes(),
                room.createdAt(),
                importedAt != null ? importedAt : room.createdAt());
    }

    /** The demo room (slug {@code demo}), created once. */
    public LocalRoom createDemoRoom() {
        MeshCore core = core();
        Room room = DemoRoom.ensure(core, core.admin().user().id());
        return toLocal(core.roomService().summary(room), null);
    }

    /**
     * Imports a bundle file as a new room through the core importer. Throws the importer's {@link MeshException}
     * (its message says what failed and what to do) or {@link ImportCancelledException}; either way nothing stays.
     */
    public ImportResult importBundle(Path file, ProgressListener progress, ImportTicket ticket) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT, file + ": no such file; choose a room_<id>.tar.zst bundle");
        }
        MeshCore core = core();
        try (InputStream in =
                new TicketInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), ticket, name)) {
            ticket.fileSize(Files.size(file));
            ImportResult result = core.importer()
                    .importBundle(
                            in,
                            name,
                            new ImportOptions(false, core.admin().user().id()),
                            progress);
            LOG.info(
                    "imported {} as room {} ({}): {} messages, {} media files",
                    name,
                    result.slug(),
                    result.roomId(),
                    result.messages(),
                    result.mediaFiles());
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": could not be read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            if (ticket.cancelled()) {
                throw new ImportCancelledException(name);
            }
            throw e;
        }
    }

    /**
     * Writes room {@code roomId}'s bundle to {@code file} through the core exporter. The bundle is written beside it
     * under a temporary name and moved in place when whole: a failed or cancelled export leaves no file.
     */
    public void exportRoom(UUID roomId, Path file, ProgressListener progress, ExportTicket ticket) {
        new RoomExport(core(), sourceUrl()).write(roomId, file, progress, ticket);
    }

    /**
     * Removes a room from this computer for good: its messages, members, pictures and files (the core's room
     * removal), and its push spool here (the cloud's id mappings of earlier pushes stay). Bundles exported elsewhere
     * and copies on clouds are not touched.
     */
    public void removeRoom(UUID roomId) {
        MeshCore core = core();
        Room room = core.rooms().require(roomId.toString());
        core.roomRemoval().remove(room);
        pushSpools().forget(room.id());
        LOG.info("removed room {} ({}) from this computer", room.slug(), room.id());
    }

    /** The data directory's push spools: unfinished uploads, id mappings. */
    public PushSpools pushSpools() {
        return new PushSpools(open().dataDir().pushes());
    }

    /** A push of this computer's rooms to a cloud: one run; {@link CloudPush#cancel()} stops it. */
    public CloudPush newCloudPush() {
        LiteRuntime services = open();
        return new CloudPush(services.core(), services.dataDir().pushes(), sourceUrl());
    }

    /** This Mesh-Lite's address as a bundle names its source: the running server's, else the configured port's. */
    private String sourceUrl() {
        ServerState current = state;
        return current.running() ? current.url() : settings.baseUrl(settings.port());
    }

    /**
     * The admin token generated when this data directory's server first started (none was configured), to be shown
     * once: it is stored only as a hash. Null otherwise.
     */
    public String newAdminToken() {
        return newAdminToken;
    }

    public ServerState serverState() {
        return state;
    }

    /** Called with every state change, on the thread that made it. */
    public void onServerState(Consumer<ServerState> listener) {
        listeners.add(listener);
    }

    public void startServer() {
        synchronized (this) {
            if (!state.canStart()) {
                return;
            }
            publish(ServerState.starting());
        }
        try {
            LiteServer started = LiteServer.serve(open());
            synchronized (this) {
                server = started;
            }
            started.newAdminToken().ifPresent(token -> newAdminToken = token);
            publish(ServerState.running(started.baseUrl()));
        } catch (RuntimeException e) {
            LOG.error("the room server did not start", e);
            publish(ServerState.failed(e.getMessage()));
            throw e;
        }
    }

    public void stopServer() {
        LiteServer running;
        synchronized (this) {
            running = server;
            server = null;
        }
        if (running != null) {
            publish(ServerState.stopping());
            running.close();
        }
        publish(ServerState.STOPPED);
    }

    /** The page of a room on the running server, or null while it is stopped. */
    public String roomUrl(String slug) {
        ServerState current = state;
        return current.running() ? current.url() + "/room/" + slug : null;
    }

    private void publish(ServerState next) {
        state = next;
        listeners.forEach(l -> l.accept(next));
    }

    /** Stops the server and the embedded PostgreSQL and S3 store (Quit). */
    @Override
    public void close() {
        stopServer();
        synchronized (this) {
            closed = true;
            if (runtime != null) {
                LOG.info("stopping the local services");
                runtime.close();
                runtime = null;
            }
        }
    }
}
