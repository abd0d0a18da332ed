package dev.meshrooms.lite.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.testing.DebianPostgres;
import dev.meshrooms.core.testing.TestS3;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Configured external services: Debian's PostgreSQL 15 server and an S3 endpoint")
class ExternalServicesTest {

    @Test
    @DisplayName("DATABASE_URL and S3_ENDPOINT replace the embedded services; a non-superuser runs rooms and shards")
    void externalPath() throws Exception {
        var s3 = TestS3.settings();
        try (DebianPostgres pg = DebianPostgres.start()) {
            Path dir = TestServers.newDataDir();
            Map<String, String> env = Map.of(
                    Environment.DATABASE_URL,
                    "postgresql://" + DebianPostgres.USER + ":" + DebianPostgres.PASSWORD + "@127.0.0.1:" + pg.port()
                            + "/mesh",
                    Environment.S3_ENDPOINT,
                    s3.endpoint().toString(),
                    Environment.AWS_REGION,
                    "eu-central-1",
                    Environment.AWS_ACCESS_KEY_ID,
                    s3.accessKeyId(),
                    Environment.AWS_SECRET_ACCESS_KEY,
                    s3.secretAccessKey(),
                    Environment.MEDIA_BUCKET,
                    "external-media",
                    Environment.ADMIN_TOKEN,
                    TestServers.ADMIN_TOKEN);
            LiteSettings settings = LiteSettings.from(env, dir, 0);
            assertThat(settings.externalDatabase().url())
                    .isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/mesh");
            assertThat(Environment.describe(env))
                    .doesNotContain(DebianPostgres.PASSWORD)
                    .doesNotContain(s3.secretAccessKey());

            try (LiteServer server = LiteServer.start(settings, true)) {
                Http http = new Http(server.baseUrl());
                JsonNode health = http.get("/health", null).json();
                assertThat(health.at("/checks/database/detail").asText())
                        .startsWith("PostgreSQL 15.")
                        .doesNotStartWith("PostgreSQL 15.19");
                assertThat(Files.exists(dir.resolve("postgres")))
                        .as("no embedded PostgreSQL")
                        .isFalse();
                assertThat(Files.exists(dir.resolve("objects")))
                        .as("no embedded store")
                        .isFalse();
                assertThat(http.get("/room/demo", null).body()).contains("Riverside Makers");

                JsonNode room = http.post(
                                "/api/room",
                                TestServers.ADMIN_TOKEN,
                                "{\"slug\":\"ext-shard\",\"name\":\"External shard\",\"sharded\":true}")
                        .json();
                UUID id = UUID.fromString(room.at("/id").asText());
                var sent = http.send(http.request("/api/sendMessage")
                        .header("x-room-id", id.toString())
                        .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"body\":\"stored on the external server\"}")));
                assertThat(sent.status()).isEqualTo(201);
                String schema = RoomIds.shardSchema(id);
                assertThat(pg.psql("SELECT body FROM " + schema + ".messages"))
                        .isEqualTo("stored on the external server");
                assertThat(pg.psql("SELECT rolsuper FROM pg_roles WHERE rolname = '" + DebianPostgres.USER + "'"))
                        .isEqualTo("f");
                assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = '" + RoomIds.shardRole(id) + "'"))
                        .isEqualTo("1");
                assertThat(pg.psql("SELECT has_schema_privilege('" + RoomIds.shardRole(id) + "', 'mesh', 'USAGE')"))
                        .isEqualTo("f");
            }
        }
    }
}
