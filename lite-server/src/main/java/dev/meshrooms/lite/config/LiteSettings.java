package dev.meshrooms.lite.config;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.billing.BillingSettings;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.s3.S3Settings;
import dev.meshrooms.core.move.MoveSettings;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.shard.ShardSettings;
import dev.meshrooms.core.upload.PushLimits;
import dev.meshrooms.core.usage.FreeTier;
import dev.meshrooms.core.usage.UsageSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mesh-Lite's configuration: command-line flags over environment variables over defaults. With nothing set, PostgreSQL
 * and the S3 store are embedded under the data directory; {@link #externalDatabase()} and {@link #externalStore()} say
 * what was configured instead.
 */
public record LiteSettings(
        Path dataDir,
        String host,
        int port,
        String publicUrl,
        String adminToken,
        String masterKeyBase64,
        DatabaseServer externalDatabase,
        List<DatabaseServer> shardServers,
        int poolSize,
        int httpWorkers,
        int maxShardPools,
        S3Settings externalStore,
        String mediaBucket,
        List<String> importSourceHosts,
        ShardSettings roomShards,
        MoveSettings moves,
        Duration fenceBudget,
        Path cacheDir,
        boolean durableDatabase,
        long maxUploadBytes,
        PushLimits pushLimits,
        long importShardFrom,
        UsageSettings usage,
        FreeTier freeTier,
        BillingSettings billing) {

    /** The largest file a member may attach by default (MESH_MAX_UPLOAD_BYTES): 25 MiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 25L * 1024 * 1024;

    public static final int DEFAULT_PORT = 3000;
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Reads the environment; {@code dataDirFlag} and {@code portFlag} (nullable) win over it. */
    public static LiteSettings from(Map<String, String> env, Path dataDirFlag, Integer portFlag) {
        Path dataDir = dataDirFlag != null
                ? dataDirFlag
                : env.get(Environment.DATA_DIR) != null ? Path.of(env.get(Environment.DATA_DIR)) : defaultDataDir(env);
        int port = portFlag != null ? portFlag : intValue(env, Environment.PORT, DEFAULT_PORT);
        String host = env.getOrDefault(Environment.HOST, DEFAULT_HOST);
        int poolSize = intValue(env, Environment.DB_POOL_SIZE, CoreSettings.DEFAULT_POOL_SIZE);

        DatabaseServer database = null;
        String dbUrl = env.get(Environment.DATABASE_URL);
        if (dbUrl != null && !dbUrl.isBlank()) {
            database = DatabaseServer.parse(
                    dbUrl, env.get(Environment.DATABASE_USER), env.get(Environment.DATABASE_PASSWORD));
        }
        List<DatabaseServer> shards = new ArrayList<>();
        String shardBase = env.get(Environment.SHARD_PG_URL_BASE);
        if (shardBase != null && !shardBase.isBlank()) {
            for (String url : shardBase.split(",")) {
                shards.add(DatabaseServer.parse(
                        url.trim(), env.get(Environment.DATABASE_USER), env.get(Environment.DATABASE_PASSWORD)));
            }
        }

        S3Settings store = null;
        String endpoint = env.get(Environment.S3_ENDPOINT);
        String accessKey = env.get(Environment.AWS_ACCESS_KEY_ID);
        if ((endpoint != null && !endpoint.isBlank()) || (accessKey != null && !accessKey.isBlank())) {
            String publicEndpoint = env.get(Environment.S3_PUBLIC_ENDPOINT);
            boolean pathStyle = Boolean.parseBoolean(env.getOrDefault(
                    Environment.S3_PATH_STYLE, endpoint != null && !endpoint.isBlank() ? "true" : "false"));
            store = new S3Settings(
                    endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
                    publicEndpoint == null || publicEndpoint.isBlank() ? null : URI.create(publicEndpoint),
                    env.getOrDefault(Environment.AWS_REGION, "us-east-1"),
                    accessKey,
                    env.get(Environment.AWS_SECRET_ACCESS_KEY),
                    pathStyle);
        }
        return new LiteSettings(
                        dataDir.toAbsolutePath(),
                        host,
                        port,
                        env.get(Environment.PUBLIC_URL),
                        env.get(Environment.ADMIN_TOKEN),
                        env.get(Environment.MASTER_KEY),
                        database,
                        List.copyOf(shards),
                        poolSize,
                        intValue(env, Environment.HTTP_WORKERS, poolSize),
                        intValue(env, Environment.DB_MAX_POOLS, CoreSettings.DEFAULT_MAX_SHARD_POOLS),
                        store,
                        env.getOrDefault(Environment.MEDIA_BUCKET, CoreSettings.DEFAULT_MEDIA_BUCKET),
                        list(env.get(Environment.IMPORT_SOURCE_HOSTS)),
                        roomShards(env, store),
                        moves(env),
                        Duration.ofMillis(intValue(env, Environment.MOVE_FENCE_BUDGET_MS, (int)
                                CoreSettings.DEFAULT_FENCE_BUDGET.toMillis())),
                        env.get(Environment.CACHE_DIR) != null
                                        && !env.get(Environment.CACHE_DIR).isBlank()
                                ? Path.of(env.get(Environment.CACHE_DIR)).toAbsolutePath()
                                : defaultCacheDir(env),
                        booleanValue(env, Environment.DB_DURABLE, true),
                        longValue(env, Environment.MAX_UPLOAD_BYTES, DEFAULT_MAX_UPLOAD_BYTES),
                        pushLimits(env),
                        importShardFrom(env, !shards.isEmpty() || store != null, database == null),
                        usage(env),
                        new FreeTier(
                                        longValue(env, Environment.FREE_TIER_BYTES, FreeTier.DEFAULTS.bytes()),
                                        intValue(env, Environment.FREE_TIER_DAYS, FreeTier.DEFAULTS.days()),
                                        booleanValue(env, Environment.FREE_TIER_ENFORCED, false))
                                .validate(),
                        billing(env))
                .validate();
    }

    /** Stripe when its API key is set (then its webhook secret and both prices must be too); else billing is off. */
    private static BillingSettings billing(Map<String, String> env) {
        String base = env.get(Environment.STRIPE_API_BASE);
        return BillingSettings.builder()
                .apiKey(blankToNull(env.get(Environment.STRIPE_API_KEY)))
                .webhookSecret(blankToNull(env.get(Environment.STRIPE_WEBHOOK_SECRET)))
                .storagePrice(blankToNull(env.get(Environment.STRIPE_PRICE_SHARD_GB)))
                .dbHoursPrice(blankToNull(env.get(Environment.STRIPE_PRICE_SHARD_DB_HOURS)))
                .currency(env.getOrDefault(Environment.STRIPE_CURRENCY, "usd"))
                .apiBase(base == null || base.isBlank() ? null : URI.create(base.trim()))
                .reportInterval(minutesOrDuration(env, Environment.BILLING_INTERVAL, BillingSettings.DEFAULT_INTERVAL))
                .build()
                .validate();
    }

    private static UsageSettings usage(Map<String, String> env) {
        UsageSettings d = UsageSettings.DEFAULTS;
        return new UsageSettings(
                        minutesOrDuration(env, Environment.USAGE_INTERVAL, d.interval()),
                        Duration.ofDays(intValue(env, Environment.USAGE_RETENTION_DAYS, (int)
                                d.retention().toDays())))
                .validate();
    }

    /** Whole minutes ({@code 15}) or an ISO-8601 duration ({@code PT15M}, {@code PT30S}). */
    private static Duration minutesOrDuration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim();
        try {
            return v.chars().allMatch(Character::isDigit)
                    ? Duration.ofMinutes(Long.parseLong(v))
                    : Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    name + ": \"" + value + "\" is neither whole minutes (15) nor an ISO-8601 duration (PT15M)");
        }
    }

    private static PushLimits pushLimits(Map<String, String> env) {
        PushLimits d = PushLimits.DEFAULTS;
        return d.withMaxBundleBytes(longValue(env, Environment.PUSH_MAX_BYTES, d.maxBundleBytes()))
                .withUploadsPerOwner(intValue(env, Environment.PUSH_UPLOADS_PER_TOKEN, d.uploadsPerOwner()))
                .withBytesPerOwner(longValue(env, Environment.PUSH_BYTES_PER_TOKEN, d.bytesPerOwner()))
                .withIdleExpiry(Duration.ofHours(intValue(
                        env, Environment.PUSH_IDLE_HOURS, (int) d.idleExpiry().toHours())))
                .validate();
    }

    private static MoveSettings moves(Map<String, String> env) {
        MoveSettings d = MoveSettings.DEFAULTS;
        return d.withBatchRows(intValue(env, Environment.MOVE_BATCH_ROWS, d.batchRows()))
                .withThrottle(Duration.ofMillis(intValue(
                        env, Environment.MOVE_THROTTLE_MS, (int) d.throttle().toMillis())))
                .withCleanupDelay(Duration.ofSeconds(intValue(env, Environment.MOVE_CLEANUP_DELAY_SECONDS, (int)
                        d.cleanupDelay().toSeconds())))
                .validate();
    }

    /** The shortest MESH_ADMIN_TOKEN accepted: 32 characters, about 190 bits from `openssl rand -base64 32`. */
    public static final int MIN_ADMIN_TOKEN = 32;

    public LiteSettings validate() {
        if (maxUploadBytes < 1) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_MAX_UPLOAD_BYTES: must be at least 1 (bytes of one attached file), got " + maxUploadBytes);
        }
        if (adminToken != null && !adminToken.isBlank()) {
            if (adminToken.strip().length() < MIN_ADMIN_TOKEN) {
                throw new MeshException(
                        ErrorCode.CONFIGURATION,
                        "MESH_ADMIN_TOKEN: " + adminToken.strip().length()
                                + " characters is too short to be safe; use at least " + MIN_ADMIN_TOKEN
                                + ", e.g. a random one made with: openssl rand -base64 32");
            }
            if (!adminToken.strip().matches("[A-Za-z0-9._~+/=-]+")) {
                throw new MeshException(
                        ErrorCode.CONFIGURATION,
                        "MESH_ADMIN_TOKEN: use letters, digits and ._~+/=- only" + " (e.g. openssl rand -base64 32)");
            }
        }
        if (httpWorkers < 1) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_HTTP_WORKERS: must be at least 1 (requests worked on at once), got " + httpWorkers);
        }
        if (port < 0 || port > 65535) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "--port / MESH_PORT: " + port + " is not a TCP port (0-65535)");
        }
        if (externalStore != null && externalStore.accessKeyId() != null && externalStore.secretAccessKey() == null) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "AWS_SECRET_ACCESS_KEY: missing while AWS_ACCESS_KEY_ID is set");
        }
        return this;
    }

    /**
     * Rooms' own buckets and keys: KMS keys and CloudWatch dashboards by default only when the store is AWS itself (an
     * external store without S3_ENDPOINT); MESH_ROOM_KMS and MESH_ROOM_DASHBOARDS=true/false override.
     */
    private static ShardSettings roomShards(Map<String, String> env, S3Settings store) {
        boolean awsStore = store != null && store.endpoint() == null;
        String kms = env.get(Environment.ROOM_KMS);
        String kmsEndpoint = env.get(Environment.KMS_ENDPOINT);
        String dashboards = env.get(Environment.ROOM_DASHBOARDS);
        String cloudWatchEndpoint = env.get(Environment.CLOUDWATCH_ENDPOINT);
        return new ShardSettings(
                        env.getOrDefault(Environment.ROOM_BUCKET_PREFIX, ShardSettings.DEFAULT_BUCKET_PREFIX),
                        blankToNull(env.get(Environment.ROOM_PRINCIPAL_ARN)),
                        kms == null || kms.isBlank() ? awsStore : Boolean.parseBoolean(kms.strip()),
                        kmsEndpoint == null || kmsEndpoint.isBlank() ? null : URI.create(kmsEndpoint.strip()),
                        intValue(env, Environment.ROOM_KEY_DELETION_DAYS, ShardSettings.DEFAULT_KEY_DELETION_DAYS),
                        dashboards == null || dashboards.isBlank()
                                ? awsStore
                                : Boolean.parseBoolean(dashboards.strip()),
                        cloudWatchEndpoint == null || cloudWatchEndpoint.isBlank()
                                ? null
                                : URI.create(cloudWatchEndpoint.strip()))
                .validate();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The OS's per-user data directory: $XDG_DATA_HOME or ~/.local/share on Linux, the usual places elsewhere. */
    public static Path defaultDataDir(Map<String, String> env) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.contains("win")) {
            String appData = env.get("LOCALAPPDATA");
            return Path.of(appData != null ? appData : home, "Mesh-Lite");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Mesh-Lite");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve("mesh-lite");
    }

    /**
     * The OS's per-user cache directory for Mesh-Lite (the unpacked PostgreSQL binaries): $XDG_CACHE_HOME or ~/.cache
     * on Linux, the usual places elsewhere. Never the shared temporary folder.
     */
    public static Path defaultCacheDir(Map<String, String> env) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.contains("win")) {
            String appData = env.get("LOCALAPPDATA");
            return Path.of(appData != null ? appData : home, "Mesh-Lite", "cache");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Caches", "Mesh-Lite");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache")).resolve("mesh-lite");
    }

    public String baseUrl(int actualPort) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.replaceAll("/+$", "");
        }
        String shownHost = "127.0.0.1".equals(host) || "0.0.0.0".equals(host) ? "localhost" : host;
        return "http://" + shownHost + ":" + actualPort;
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    /**
     * MESH_IMPORT_SHARDED=true: every import straight into a new shard, false: none; unset: every import when the
     * instance has places for shards (shard servers, or an external store for rooms' buckets); on the embedded default
     * big rooms only ({@link CoreSettings#IMPORT_SHARD_FROM_MESSAGES} messages and more), into a shard on the embedded
     * servers, whose {@code wal_level=minimal} lets a fresh shard's tables load without WAL; none with an external
     * database and the embedded store.
     */
    private static long importShardFrom(Map<String, String> env, boolean placesForShards, boolean embeddedDatabase) {
        String value = env.get(Environment.IMPORT_SHARDED);
        if (value == null || value.isBlank()) {
            return placesForShards
                    ? 0
                    : embeddedDatabase ? CoreSettings.IMPORT_SHARD_FROM_MESSAGES : CoreSettings.IMPORT_NEVER_SHARDED;
        }
        return booleanValue(env, Environment.IMPORT_SHARDED, false) ? 0 : CoreSettings.IMPORT_NEVER_SHARDED;
    }

    private static boolean booleanValue(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default ->
                throw new MeshException(
                        ErrorCode.CONFIGURATION, name + ": \"" + value + "\" is neither true nor false");
        };
    }

    private static int intValue(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MeshException(ErrorCode.CONFIGURATION, name + ": \"" + value + "\" is not a whole number");
        }
    }

    private static long longValue(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new MeshException(ErrorCode.CONFIGURATION, name + ": \"" + value + "\" is not a whole number");
        }
    }

    @Override
    public String toString() {
        return "LiteSettings[dataDir=" + dataDir + ", host=" + host + ", port=" + port + ", database="
                + (externalDatabase == null ? "embedded" : externalDatabase.url()) + ", shards="
                + Arrays.toString(shardServers.stream().map(DatabaseServer::url).toArray()) + ", store="
                + (externalStore == null ? "embedded" : String.valueOf(externalStore.endpoint())) + "]";
    }
}
