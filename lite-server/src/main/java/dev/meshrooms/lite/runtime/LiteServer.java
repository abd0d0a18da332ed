package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.room.Room;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.demo.DemoRoom;
import dev.meshrooms.lite.http.MeshLiteApp;
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

    private LiteServer(LiteRuntime runtime, Javalin app, Optional<String> newAdminToken, Optional<Room> demo) {
        this.runtime = runtime;
        this.app = app;
        this.newAdminToken = newAdminToken;
        this.demo = demo;
    }

    public static LiteServer start(LiteSettings settings, boolean withDemo) {
        LiteRuntime runtime = LiteRuntime.start(settings);
        try {
            Optional<String> token = runtime.core().admin().ensureToken(settings.adminToken());
            Optional<Room> demo = withDemo
                    ? Optional.of(DemoRoom.ensure(runtime.core(), runtime.core().admin().user().id()))
                    : Optional.empty();
            Javalin app = MeshLiteApp.create(runtime.core(), ZoneId.systemDefault());
            app.start(settings.host(), settings.port());
            runtime.publishHttpPort(app.port());
            LOG.info("Mesh-Lite listens on {}", settings.baseUrl(app.port()));
            return new LiteServer(runtime, app, token, demo);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
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

    /** The admin token generated on this first start, to be shown once; empty on later starts. */
    public Optional<String> newAdminToken() {
        return newAdminToken;
    }

    public Optional<Room> demo() {
        return demo;
    }

    @Override
    public void close() {
        app.stop();
        runtime.close();
    }
}
