package dev.meshrooms.lite.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.lite.http.bundle.BundleController;
import dev.meshrooms.lite.http.health.HealthController;
import dev.meshrooms.lite.http.media.MediaController;
import dev.meshrooms.lite.http.message.MessageController;
import dev.meshrooms.lite.http.metrics.Metrics;
import dev.meshrooms.lite.http.move.MoveController;
import dev.meshrooms.lite.http.page.RoomPageController;
import dev.meshrooms.lite.http.room.RoomController;
import dev.meshrooms.lite.http.user.UserController;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.ZoneId;

/** Builds the Mesh-Lite HTTP app from the core's services; tests build it the same way. */
public final class MeshLiteApp {
    /** JSON request bodies are small; bundle uploads (later) stream instead. */
    public static final long MAX_JSON_BODY = 256 * 1024;

    private MeshLiteApp() {
    }

    public static ObjectMapper objectMapper() {
        return MeshCore.json();
    }

    public static Javalin create(MeshCore core, PrometheusMeterRegistry meters, ZoneId zone) {
        ObjectMapper mapper = objectMapper();
        RequestAuth auth = new RequestAuth(core.tokens());
        JsonBodies bodies = new JsonBodies(mapper);
        Metrics metrics = new Metrics(core, meters);
        RoomController rooms = new RoomController(core, auth, bodies);
        UserController users = new UserController(core, auth, bodies);
        MessageController messages = new MessageController(core, auth, bodies);
        MediaController media = new MediaController(core, auth);
        RoomPageController pages = new RoomPageController(core, auth, zone);
        HealthController health = new HealthController(core);
        BundleController bundles = new BundleController(core, auth);
        MoveController moves = new MoveController(core, auth, mapper);

        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = MAX_JSON_BODY;
            config.startup.showJavalinBanner = false;
            config.routes.before(metrics::before);
            config.routes.after(metrics::after);
            config.routes.get("/", ctx -> ctx.redirect("/rooms"));
            config.routes.get("/health", health::health);
            config.routes.get("/metrics", metrics::scrape);
            config.routes.post("/api/room", rooms::create);
            config.routes.get("/api/rooms", rooms::list);
            config.routes.get("/api/room/{ref}", rooms::get);
            config.routes.get("/api/room/{ref}/verify", rooms::verify);
            config.routes.get("/api/room/{ref}/export", bundles::export);
            config.routes.post("/api/importRoom", bundles::importRoom);
            config.routes.post("/api/room/{ref}/members", users::addMember);
            config.routes.post("/api/room/{ref}/decentralise", moves::decentralise);
            config.routes.post("/api/room/{ref}/recentralise", moves::recentralise);
            config.routes.get("/api/room/{ref}/decentralise/status", moves::status);
            config.routes.get("/api/room/{ref}/recentralise/status", moves::status);
            config.routes.post("/api/users", users::create);
            config.routes.post("/api/sendMessage", messages::send);
            config.routes.get("/api/fetchMessages", messages::fetch);
            config.routes.get("/media/{roomId}/<key>", media::redirect);
            config.routes.get("/room/{slug}", pages::show);
            config.routes.get("/room/{slug}/settings", pages::settings);
            config.routes.get("/rooms", pages::index);
            ErrorMapping.install(config.routes);
        });
    }
}
