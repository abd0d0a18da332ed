package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.model.Room;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.demo.DemoRoom;
import dev.meshrooms.lite.http.MeshLiteApp;
import dev.meshrooms.lite.http.upload.BundleSpool;
import io.javalin.Javalin;
import java.time.ZoneId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Mesh-Lite: the runtime plus its HTTP server. {@code serve}, the desktop app and tests start it alike. */
public final class LiteServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiteServer.class);
    private final LiteRuntime runtime;
    private final Javalin app;
    private final Optional<String> newAdminToken;
    private final Optional<Room> demo;
    private final boolean ownsRuntime;
    private final UploadSweeper uploads;

    private LiteServer(
            LiteRuntime runtime,
            Javalin app,
            Optional<String> newAdminToken,
            Optional<Room> demo,
            boolean ownsRuntime) {
        this.runtime = runtime;
        this.app = app;
        this.newAdminToken = newAdminToken;
        this.demo = demo;
        this.ownsRuntime = ownsRuntime;
        this.uploads = new UploadSweeper(runtime.core(), runtime.bundleSpool());
    }

    public static LiteServer start(LiteSettings settings, boolean withDemo) {
        HttpPort.requireFree(settings);
        LiteRuntime runtime = LiteRuntime.start(settings);
        try {
            Optional<String> token = runtime.core().admin().ensureToken(settings.adminToken());
            Optional<Room> demo = withDemo
                    ? Optional.of(DemoRoom.ensure(
                            runtime.core(), runtime.core().admin().user().id()))
                    : Optional.empty();
            return new LiteServer(runtime, listen(runtime), token, demo, true);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /**
     * Serves HTTP on a runtime someone else owns (the desktop app keeps its runtime for imports while the server
     * starts and stops); {@link #close()} then stops only the HTTP server and leaves the runtime running.
     */
    public static LiteServer serve(LiteRuntime runtime) {
        Optional<String> token =
                runtime.core().admin().ensureToken(runtime.settings().adminToken());
        return new LiteServer(runtime, listen(runtime), token, Optional.empty(), false);
    }

    private static Javalin listen(LiteRuntime runtime) {
        LiteSettings settings = runtime.settings();
        HttpPort.requireFree(settings);
        BundleSpool spool = runtime.bundleSpool();
        runtime.core().startWorker(settings.moves());
        Javalin app = MeshLiteApp.create(runtime.core(), settings, runtime.meters(), ZoneId.systemDefault(), spool);
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            app.stop();
            throw HttpPort.listenFailed(settings, e);
        }
        runtime.publishHttpPort(app.port());
        LOG.info("Mesh-Lite listens on {}", settings.baseUrl(app.port()));
        return app;
    }

    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return runtime.settings().baseUrl(port());
    }

    public LiteRuntime runtime() {
        return runtime;
    }

    /** Every route the HTTP server answers, as "METHOD /path/{param}" (what a security review walks through). */
    public java.util.List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(h -> h.endpoint.method.isHttpMethod())
                .map(h -> h.endpoint.method.name() + " " + h.endpoint.path)
                .sorted()
                .toList();
    }

    /** The admin token generated on this first start, to be shown once; empty on later starts. */
    public Optional<String> newAdminToken() {
        return newAdminToken;
    }

    public Optional<Room> demo() {
        return demo;
    }

    @Override
    public void close() {
        uploads.close();
        app.stop();
        if (ownsRuntime) {
            runtime.close();
        } else {
            runtime.publishHttpPort(0);
        }
    }
}
