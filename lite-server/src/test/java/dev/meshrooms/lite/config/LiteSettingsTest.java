package dev.meshrooms.lite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LiteSettings from the environment")
class LiteSettingsTest {
    @Test
    @DisplayName("nothing set: embedded services, port 3000, the OS data dir")
    void defaults() {
        LiteSettings s = LiteSettings.from(Map.of("XDG_DATA_HOME", "/tmp/xdg"), null, null);
        assertThat(s.externalDatabase()).isNull();
        assertThat(s.externalStore()).isNull();
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/xdg/mesh-lite"));
        assertThat(s.baseUrl(3000)).isEqualTo("http://localhost:3000");
    }

    @Test
    @DisplayName("libpq-style URLs (as SHARD_PG_URL_BASE takes them) become JDBC URLs with separate credentials")
    void urls() {
        LiteSettings s = LiteSettings.from(
                Map.of(
                        "DATABASE_URL",
                        "postgresql://mesh:s3cret@db.internal:6432/mesh?sslmode=require",
                        "SHARD_PG_URL_BASE",
                        "postgresql://mesh:pw1@shard-a:5432/rooms, postgres://mesh:pw2@shard-b/rooms",
                        "S3_ENDPOINT",
                        "http://minio:9000",
                        "AWS_ACCESS_KEY_ID",
                        "k",
                        "AWS_SECRET_ACCESS_KEY",
                        "s",
                        "MESH_IMPORT_SOURCE_HOSTS",
                        " cdn.old.example , old-media.s3.amazonaws.com,"),
                Path.of("/tmp/x"),
                8080);
        assertThat(s.importSourceHosts()).containsExactly("cdn.old.example", "old-media.s3.amazonaws.com");
        assertThat(s.externalDatabase().url()).isEqualTo("jdbc:postgresql://db.internal:6432/mesh?sslmode=require");
        assertThat(s.externalDatabase().user()).isEqualTo("mesh");
        assertThat(s.externalDatabase().password()).isEqualTo("s3cret");
        assertThat(s.shardServers())
                .extracting(d -> d.url())
                .containsExactly("jdbc:postgresql://shard-a:5432/rooms", "jdbc:postgresql://shard-b:5432/rooms");
        assertThat(s.externalStore().pathStyle()).isTrue();
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("pw1");
    }

    @Test
    @DisplayName(
            "rooms' own shards: KMS keys by default only on AWS itself; prefix, principal and pending window from the environment")
    void roomShards() {
        assertThat(LiteSettings.from(Map.of(), Path.of("/tmp/x"), null)
                        .roomShards()
                        .kms())
                .isFalse();
        assertThat(LiteSettings.from(Map.of("S3_ENDPOINT", "http://minio:9000"), Path.of("/tmp/x"), null)
                        .roomShards()
                        .kms())
                .isFalse();
        LiteSettings aws = LiteSettings.from(
                Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "k",
                        "AWS_SECRET_ACCESS_KEY",
                        "s",
                        "MESH_ROOM_BUCKET_PREFIX",
                        "acme-room-",
                        "MESH_ROOM_PRINCIPAL_ARN",
                        "arn:aws:iam::1:role/room-{roomId}",
                        "MESH_ROOM_KEY_DELETION_DAYS",
                        "30"),
                Path.of("/tmp/x"),
                null);
        assertThat(aws.roomShards().kms()).isTrue();
        assertThat(aws.roomShards().dashboards())
                .as("CloudWatch dashboards on AWS")
                .isTrue();
        assertThat(LiteSettings.from(Map.of("S3_ENDPOINT", "http://x:9000"), Path.of("/tmp/x"), null)
                        .roomShards()
                        .dashboards())
                .as("no CloudWatch beside MinIO unless asked")
                .isFalse();
        java.util.UUID id = java.util.UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(aws.roomShards().bucketOf(id)).isEqualTo("acme-room-7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(aws.roomShards().aliasOf(id)).isEqualTo("alias/acme-room-7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(aws.roomShards().principalOf(id)).isEqualTo("arn:aws:iam::1:role/room-" + id);
        assertThat(aws.roomShards().keyDeletionDays()).isEqualTo(30);
        assertThat(LiteSettings.from(
                                Map.of(
                                        "S3_ENDPOINT",
                                        "http://x:9000",
                                        "MESH_ROOM_KMS",
                                        "true",
                                        "KMS_ENDPOINT",
                                        "http://kms:8080"),
                                Path.of("/tmp/x"),
                                null)
                        .roomShards()
                        .kmsEndpoint())
                .hasToString("http://kms:8080");
    }

    @Test
    @DisplayName(
            "imports into a shard of their own: big rooms on the embedded default, all with places for shards, as MESH_IMPORT_SHARDED says")
    void importPlacement() {
        Path dir = Path.of("/tmp/x");
        assertThat(LiteSettings.from(Map.of(), dir, null).importShardFrom())
                .isEqualTo(dev.meshrooms.core.CoreSettings.IMPORT_SHARD_FROM_MESSAGES)
                .isEqualTo(100_000);
        assertThat(LiteSettings.from(Map.of("SHARD_PG_URL_BASE", "postgresql://mesh:pw@shard-a/rooms"), dir, null)
                        .importShardFrom())
                .isZero();
        assertThat(LiteSettings.from(
                                Map.of(
                                        "S3_ENDPOINT", "http://minio:9000",
                                        "AWS_ACCESS_KEY_ID", "k",
                                        "AWS_SECRET_ACCESS_KEY", "s"),
                                dir,
                                null)
                        .importShardFrom())
                .as("an external store: every import")
                .isZero();
        assertThat(LiteSettings.from(Map.of("DATABASE_URL", "postgresql://mesh:pw@db/mesh"), dir, null)
                        .importShardFrom())
                .as("an external database and the embedded store: none unless asked")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(LiteSettings.from(Map.of("MESH_IMPORT_SHARDED", " "), dir, null)
                        .importShardFrom())
                .isEqualTo(100_000);
        assertThat(LiteSettings.from(Map.of("MESH_IMPORT_SHARDED", "false"), dir, null)
                        .importShardFrom())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(LiteSettings.from(Map.of("MESH_IMPORT_SHARDED", "true"), dir, null)
                        .importShardFrom())
                .isZero();
        assertThat(LiteSettings.from(
                                Map.of(
                                        "MESH_IMPORT_SHARDED",
                                        "false",
                                        "SHARD_PG_URL_BASE",
                                        "postgresql://mesh:pw@shard-a/rooms"),
                                dir,
                                null)
                        .importShardFrom())
                .isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> LiteSettings.from(Map.of("MESH_IMPORT_SHARDED", "big"), dir, null))
                .hasMessageContaining("MESH_IMPORT_SHARDED");
    }

    @Test
    @DisplayName("Stripe: off without a key; with a key, its secret and both prices are required, by name")
    void billing() {
        assertThat(LiteSettings.from(Map.of(), Path.of("/tmp/x"), null)
                        .billing()
                        .enabled())
                .isFalse();
        assertThatThrownBy(() -> LiteSettings.from(Map.of("STRIPE_API_KEY", "sk_test_x"), Path.of("/tmp/x"), null))
                .hasMessageContaining("STRIPE_WEBHOOK_SECRET");
        assertThatThrownBy(() -> LiteSettings.from(
                        Map.of("STRIPE_API_KEY", "sk_test_x", "STRIPE_WEBHOOK_SECRET", "whsec_x"),
                        Path.of("/tmp/x"),
                        null))
                .hasMessageContaining("STRIPE_PRICE_SHARD_GB");
        var on = LiteSettings.from(
                        Map.of(
                                "STRIPE_API_KEY", "sk_test_x",
                                "STRIPE_WEBHOOK_SECRET", "whsec_x",
                                "STRIPE_PRICE_SHARD_GB", "price_a",
                                "STRIPE_PRICE_SHARD_DB_HOURS", "price_b",
                                "MESH_BILLING_INTERVAL", "30"),
                        Path.of("/tmp/x"),
                        null)
                .billing();
        assertThat(on.enabled()).isTrue();
        assertThat(on.reportInterval()).hasMinutes(30);
        assertThat(on.currency()).isEqualTo("usd");
    }

    @Test
    @DisplayName("bad values name the setting")
    void errors() {
        assertThatThrownBy(() -> LiteSettings.from(Map.of("MESH_PORT", "eighty"), null, null))
                .hasMessageContaining("MESH_PORT");
        assertThatThrownBy(() -> LiteSettings.from(Map.of("DATABASE_URL", "mysql://x"), null, null))
                .hasMessageContaining("database URL");
        assertThatThrownBy(() -> LiteSettings.from(Map.of("AWS_ACCESS_KEY_ID", "k"), null, null))
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
        assertThatThrownBy(() -> LiteSettings.from(Map.of(), null, 70000)).hasMessageContaining("--port");
        assertThatThrownBy(() -> LiteSettings.from(
                        Map.of("MESH_ROOM_BUCKET_PREFIX", "A-prefix-that-is-far-too-long-"), null, null))
                .hasMessageContaining("MESH_ROOM_BUCKET_PREFIX")
                .hasMessageContaining("63");
        assertThatThrownBy(() -> LiteSettings.from(Map.of("MESH_ROOM_KEY_DELETION_DAYS", "3"), null, null))
                .hasMessageContaining("MESH_ROOM_KEY_DELETION_DAYS");
        assertThatThrownBy(() -> LiteSettings.from(Map.of("MESH_ROOM_PRINCIPAL_ARN", "mesh-role"), null, null))
                .hasMessageContaining("MESH_ROOM_PRINCIPAL_ARN");
    }
}
