package dev.meshrooms.lite.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.http.billing.BillingController;
import dev.meshrooms.lite.http.bundle.BundleController;
import dev.meshrooms.lite.http.bundle.ImportJobController;
import dev.meshrooms.lite.http.event.RoomEventsController;
import dev.meshrooms.lite.http.health.HealthController;
import dev.meshrooms.lite.http.invite.InviteController;
import dev.meshrooms.lite.http.media.MediaController;
import dev.meshrooms.lite.http.message.MessageController;
import dev.meshrooms.lite.http.metrics.Metrics;
import dev.meshrooms.lite.http.move.MoveController;
import dev.meshrooms.lite.http.page.AdminConsoleController;
import dev.meshrooms.lite.http.page.AdminUsagePageController;
import dev.meshrooms.lite.http.page.Pages;
import dev.meshrooms.lite.http.page.RoomPageController;
import dev.meshrooms.lite.http.room.RoomController;
import dev.meshrooms.lite.http.room.VerifyController;
import dev.meshrooms.lite.http.session.SessionController;
import dev.meshrooms.lite.http.support.Accepts;
import dev.meshrooms.lite.http.support.JsonBodies;
import dev.meshrooms.lite.http.support.RequestAuth;
import dev.meshrooms.lite.http.token.TokenController;
import dev.meshrooms.lite.http.upload.BundleSpool;
import dev.meshrooms.lite.http.upload.UploadController;
import dev.meshrooms.lite.http.usage.UsageController;
import dev.meshrooms.lite.http.user.UserController;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.ZoneId;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/** Builds the Mesh-Lite HTTP app from the core's services; tests build it the same way. */
public final class MeshLiteApp {
    /** JSON request bodies are small; bundle uploads stream instead. */
    public static final long MAX_JSON_BODY = 256 * 1024;
    /** How long a connection may stay silent (an event stream sends a heartbeat well within it). */
    static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** The longest a request waits for its turn before it is answered 503 (as long as for a database connection). */
    static final java.time.Duration TURN_WAIT = java.time.Duration.ofSeconds(5);

    private MeshLiteApp() {}

    public static ObjectMapper objectMapper() {
        return MeshCore.json();
    }

    public static Javalin create(
            MeshCore core, LiteSettings settings, PrometheusMeterRegistry meters, ZoneId zone, BundleSpool spool) {
        ObjectMapper mapper = objectMapper();
        RequestAuth auth = new RequestAuth(core.tokens(), core.sessions(), settings.publicUrl());
        JsonBodies bodies = new JsonBodies(mapper);
        Metrics metrics = new Metrics(meters);
        RoomController rooms = new RoomController(core, auth, bodies);
        VerifyController verify = new VerifyController(core, auth, mapper);
        UserController users = new UserController(core, auth, bodies);
        TokenController tokens = new TokenController(core, auth, bodies);
        MessageController messages = new MessageController(core, auth, bodies);
        MediaController media = new MediaController(core, auth, settings.maxUploadBytes());
        Pages templates = new Pages();
        RoomPageController pages = new RoomPageController(core, auth, zone, templates, settings.maxUploadBytes());
        InviteController invites = new InviteController(core, auth, bodies, templates);
        SessionController sessions = new SessionController(core, auth, templates);
        RoomEventsController events = new RoomEventsController(core, auth, mapper, meters);
        HealthController health = new HealthController(core);
        BundleController bundles = new BundleController(core, auth);
        MoveController moves = new MoveController(core, auth, mapper);
        UploadController uploads = new UploadController(core, auth, spool);
        ImportJobController importJobs = new ImportJobController(core, auth, mapper);
        UsageController usage = new UsageController(core, auth);
        BillingController billing = new BillingController(core, auth);
        AdminUsagePageController adminUsage = new AdminUsagePageController(core, auth, templates);
        AdminConsoleController adminConsole = new AdminConsoleController(core, auth, templates);

        WorkQueue queue = new WorkQueue(settings.httpWorkers(), TURN_WAIT, meters);
        RequestGuard guard = new RequestGuard(storeOrigin(settings), queue);
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = MAX_JSON_BODY;
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServletContextHandler(
                    handler -> handler.addFilter(new FilterHolder(guard), "/*", EnumSet.of(DispatcherType.REQUEST)));
            // a connection silent this long closes (slow bodies: RequestGuard)
            config.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(IDLE_TIMEOUT_MILLIS));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = java.util.Map.of("Cache-Control", "public, max-age=300");
                files.roles = java.util.Set.of(RouteKind.FILE);
            });
            config.events.serverStopping(events::close);
            config.routes.before(metrics::before);
            config.routes.beforeMatched(queue::enter);
            config.routes.after(ctx -> queue.leave(ctx.req()));
            config.routes.after(metrics::after);
            config.routes.get("/", ctx -> ctx.redirect("/rooms"));
            config.routes.get("/health", health::health, RouteKind.PROBE);
            config.routes.get("/metrics", metrics::scrape, RouteKind.PROBE);
            config.routes.post("/api/room", rooms::create);
            config.routes.get("/api/rooms", rooms::list);
            config.routes.get("/api/usage", usage::all);
            config.routes.get("/api/room/{ref}/usage", usage::room);
            config.routes.post("/api/room/{ref}/billing", billing::addBilling);
            config.routes.post("/api/billing/webhook", billing::webhook);
            config.routes.get("/api/room/{ref}", rooms::get);
            config.routes.get("/api/room/{ref}/verify", verify::verify, RouteKind.TRANSFER);
            config.routes.get("/api/room/{ref}/export", bundles::export, RouteKind.TRANSFER);
            config.routes.post("/api/importRoom", bundles::importRoom, RouteKind.TRANSFER, Accepts.IMPORT_TOKENS);
            config.routes.options(BundleSpool.PATH, uploads::options, Accepts.IMPORT_TOKENS);
            config.routes.post(BundleSpool.PATH, uploads::create, Accepts.IMPORT_TOKENS);
            config.routes.head(BundleSpool.PATH + "/{id}", uploads::offset, Accepts.IMPORT_TOKENS);
            config.routes.patch(BundleSpool.PATH + "/{id}", uploads::append, RouteKind.TRANSFER, Accepts.IMPORT_TOKENS);
            // clients on HttpURLConnection (no PATCH) send POST with X-HTTP-Method-Override: PATCH, as tus allows;
            // Javalin routes such a request to the method it names
            config.routes.delete(BundleSpool.PATH + "/{id}", uploads::terminate, Accepts.IMPORT_TOKENS);
            config.routes.get("/api/imports/{id}", importJobs::get, Accepts.IMPORT_TOKENS);
            config.routes.get(
                    "/api/imports/{id}/status", importJobs::status, RouteKind.TRANSFER, Accepts.IMPORT_TOKENS);
            config.routes.post("/api/room/{ref}/members", users::addMember);
            config.routes.get("/api/room/{ref}/members", users::members);
            config.routes.delete("/api/room/{ref}/members/{userId}", users::removeMember);
            config.routes.patch("/api/room/{ref}", rooms::describe);
            config.routes.post("/api/room/{ref}/invites", invites::create);
            config.routes.get("/api/room/{ref}/invites", invites::list);
            config.routes.delete("/api/room/{ref}/invites/{id}", invites::revoke);
            config.routes.get("/join/{code}", invites::page);
            config.routes.post("/api/join/{code}", invites::join);
            config.routes.get("/api/sessions", sessions::list);
            config.routes.delete("/api/sessions/{id}", sessions::signOutOne);
            config.routes.post("/api/signout", sessions::signOut);
            config.routes.post("/api/signout/everywhere", sessions::signOutEverywhere);
            config.routes.post("/api/login-codes", sessions::loginCode);
            config.routes.get("/login/{code}", sessions::loginPage);
            config.routes.post("/api/login/{code}", sessions::login);
            config.routes.get("/account", sessions::account);
            config.routes.patch("/api/room/{ref}/messages/{id}", messages::edit);
            config.routes.delete("/api/room/{ref}/messages/{id}", messages::delete);
            config.routes.post("/api/room/{ref}/media", media::upload, RouteKind.TRANSFER);
            config.routes.get("/api/room/{ref}/events", events::events);
            config.routes.post("/api/room/{ref}/decentralise", moves::decentralise);
            config.routes.post("/api/room/{ref}/recentralise", moves::recentralise);
            config.routes.get("/api/room/{ref}/decentralise/status", moves::status);
            config.routes.get("/api/room/{ref}/recentralise/status", moves::status);
            config.routes.post("/api/users", users::create);
            config.routes.post("/api/tokens", tokens::create);
            config.routes.get("/api/tokens", tokens::list);
            config.routes.delete("/api/tokens/{id}", tokens::revoke);
            config.routes.post("/api/sendMessage", messages::send);
            config.routes.get("/api/fetchMessages", messages::fetch);
            config.routes.get("/media/{roomId}/<key>", media::serve);
            config.routes.get("/room/{slug}", pages::show);
            config.routes.get("/room/{slug}/settings", pages::settings);
            config.routes.get("/admin", adminConsole::console);
            config.routes.get("/admin/usage", adminUsage::usage);
            config.routes.get("/rooms", pages::index);
            new ErrorMapping(templates).install(config.routes);
        });
    }

    /** The origin browsers load media from when it is not this server: the external store's (AWS: its buckets). */
    private static String storeOrigin(LiteSettings settings) {
        var store = settings.externalStore();
        if (store == null) {
            return null;
        }
        java.net.URI endpoint = store.publicEndpoint() != null ? store.publicEndpoint() : store.endpoint();
        if (endpoint == null) {
            return "https://*.amazonaws.com";
        }
        return endpoint.getScheme() + "://" + endpoint.getAuthority()
                + (store.pathStyle() ? "" : " " + endpoint.getScheme() + "://*." + endpoint.getAuthority());
    }
}
