package dev.meshrooms.desktop.journey;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.meshrooms.core.media.s3.S3Settings;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.DebianPostgres;
import dev.meshrooms.core.testing.StripeRecording;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.core.testing.TestPostgres;
import dev.meshrooms.core.testing.TestS3;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.Queries;
import dev.meshrooms.lite.testing.TestServers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cloud as it runs in production, in processes of its own: {@code mesh-lite serve} in a child JVM on Debian's
 * PostgreSQL 15 (a non-superuser) as its global database, a second PostgreSQL as the server its shards go to, an S3
 * store in another process (this test's), and billing against recorded Stripe exchanges (WireMock). Moves are slowed
 * down so that people can write while one runs.
 */
final class CloudProcess implements AutoCloseable {
    private final DebianPostgres global;
    private final DatabaseServer shardServer;
    private final WireMockServer stripe;
    private final Process serve;
    private final String url;
    private final Http http;

    private CloudProcess(
            DebianPostgres global, DatabaseServer shardServer, WireMockServer stripe, Process serve, String url) {
        this.global = global;
        this.shardServer = shardServer;
        this.stripe = stripe;
        this.serve = serve;
        this.url = url;
        this.http = new Http(url);
    }

    static CloudProcess start() throws Exception {
        Path work = TempDirs.create("mesh-journey-cloud");
        DebianPostgres global = DebianPostgres.start();
        try {
            DatabaseServer shards = TestPostgres.newDatabase();
            S3Settings s3 = TestS3.settings();
            WireMockServer stripe = new WireMockServer(
                    WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            stripe.start();
            stripe.stubFor(post(urlPathEqualTo("/v1/billing/meter_events"))
                    .willReturn(StripeRecording.json(200, StripeRecording.body("meter-event.json"))));
            Map<String, String> env = new HashMap<>();
            env.put(
                    Environment.DATABASE_URL,
                    "postgresql://" + DebianPostgres.USER + ":" + DebianPostgres.PASSWORD + "@127.0.0.1:"
                            + global.port() + "/mesh");
            env.put(
                    Environment.SHARD_PG_URL_BASE,
                    shards.url().replace("jdbc:postgresql://", "postgresql://" + shards.user() + "@"));
            env.put(Environment.S3_ENDPOINT, s3.endpoint().toString());
            env.put(Environment.AWS_ACCESS_KEY_ID, s3.accessKeyId());
            env.put(Environment.AWS_SECRET_ACCESS_KEY, s3.secretAccessKey());
            env.put(Environment.MEDIA_BUCKET, "journey-media");
            env.put(Environment.ADMIN_TOKEN, TestServers.ADMIN_TOKEN);
            env.put(Environment.STRIPE_API_KEY, StripeRecording.API_KEY);
            env.put(Environment.STRIPE_WEBHOOK_SECRET, StripeRecording.WEBHOOK_SECRET);
            env.put(Environment.STRIPE_PRICE_SHARD_GB, "price_room_shard_gb");
            env.put(Environment.STRIPE_PRICE_SHARD_DB_HOURS, "price_room_shard_db_hours");
            env.put(Environment.STRIPE_API_BASE, stripe.baseUrl());
            // a move of a small room takes long enough to write during it: one row per batch, a pause between
            env.put(Environment.MOVE_BATCH_ROWS, "1");
            env.put(Environment.MOVE_THROTTLE_MS, "1500");
            env.put(Environment.MOVE_CLEANUP_DELAY_SECONDS, "0");
            env.put(Environment.USAGE_INTERVAL, "PT10S");
            Path log = work.resolve("cloud.log");
            ProcessBuilder builder = Cli.inChildJvm(
                            java.util.List.of("-Xmx384m"),
                            "serve",
                            "--data-dir",
                            work.resolve("data").toString(),
                            "--port",
                            "0")
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process serve = builder.start();
            // a test JVM that ends without closing this (killed by a timeout, say) takes the cloud with it
            Runtime.getRuntime().addShutdownHook(new Thread(serve::destroyForcibly, "journey-cloud-stop"));
            try {
                String url = TestServers.awaitChildUrl(log, serve);
                return new CloudProcess(global, shards, stripe, serve, url);
            } catch (Exception | Error e) {
                serve.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                stripe.stop();
                throw e;
            }
        } catch (Exception | Error e) {
            global.close();
            throw e;
        }
    }

    String url() {
        return url;
    }

    /** The room's record as the instance admin reads it ({@code GET /api/room/<slug>}). */
    JsonNode room(String slug) {
        Http.Response room = http.get("/api/room/" + slug, TestServers.ADMIN_TOKEN);
        if (room.status() != 200) {
            throw new AssertionError("GET /api/room/" + slug + ": " + room.status() + " " + room.body());
        }
        return room.json();
    }

    /** Whether the shard server holds schema {@code schema}. */
    boolean shardServerHas(String schema) throws Exception {
        return Queries.countOn(
                        shardServer,
                        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'")
                > 0;
    }

    @Override
    public void close() throws Exception {
        try {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        } finally {
            stripe.stop();
            global.close();
        }
    }
}
