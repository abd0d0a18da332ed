package dev.meshrooms.lite.config;

import java.util.List;
import java.util.Map;

/** The environment variables Mesh-Lite reads (documented in .env.example). Values are logged at start-up, secrets masked. */
public final class Environment {
    public static final String DATA_DIR = "MESH_DATA_DIR";
    public static final String CACHE_DIR = "MESH_CACHE_DIR";
    public static final String DB_DURABLE = "MESH_DB_DURABLE";
    public static final String HOST = "MESH_HOST";
    public static final String PORT = "MESH_PORT";
    public static final String PUBLIC_URL = "MESH_PUBLIC_URL";
    public static final String ADMIN_TOKEN = "MESH_ADMIN_TOKEN";
    public static final String MASTER_KEY = "MESH_MASTER_KEY";
    public static final String DATABASE_URL = "DATABASE_URL";
    public static final String DATABASE_USER = "DATABASE_USER";
    public static final String DATABASE_PASSWORD = "DATABASE_PASSWORD";
    public static final String SHARD_PG_URL_BASE = "SHARD_PG_URL_BASE";
    public static final String DB_POOL_SIZE = "MESH_DB_POOL_SIZE";
    public static final String DB_MAX_POOLS = "MESH_DB_MAX_POOLS";
    public static final String HTTP_WORKERS = "MESH_HTTP_WORKERS";
    public static final String MAX_UPLOAD_BYTES = "MESH_MAX_UPLOAD_BYTES";
    public static final String PUSH_MAX_BYTES = "MESH_PUSH_MAX_BYTES";
    public static final String PUSH_UPLOADS_PER_TOKEN = "MESH_PUSH_UPLOADS_PER_TOKEN";
    public static final String PUSH_BYTES_PER_TOKEN = "MESH_PUSH_BYTES_PER_TOKEN";
    public static final String PUSH_IDLE_HOURS = "MESH_PUSH_IDLE_HOURS";
    public static final String PUSH_TOKEN = "MESH_PUSH_TOKEN";
    public static final String PUSH_ALLOW_HTTP = "MESH_PUSH_ALLOW_HTTP";
    public static final String IMPORT_SHARDED = "MESH_IMPORT_SHARDED";
    public static final String USAGE_INTERVAL = "MESH_USAGE_INTERVAL";
    public static final String FREE_TIER_BYTES = "MESH_FREE_TIER_BYTES";
    public static final String FREE_TIER_DAYS = "MESH_FREE_TIER_DAYS";
    public static final String FREE_TIER_ENFORCED = "MESH_FREE_TIER_ENFORCED";
    public static final String USAGE_RETENTION_DAYS = "MESH_USAGE_RETENTION_DAYS";
    public static final String BILLING_INTERVAL = "MESH_BILLING_INTERVAL";
    public static final String STRIPE_API_KEY = "STRIPE_API_KEY";
    public static final String STRIPE_WEBHOOK_SECRET = "STRIPE_WEBHOOK_SECRET";
    public static final String STRIPE_PRICE_SHARD_GB = "STRIPE_PRICE_SHARD_GB";
    public static final String STRIPE_PRICE_SHARD_DB_HOURS = "STRIPE_PRICE_SHARD_DB_HOURS";
    public static final String STRIPE_CURRENCY = "STRIPE_CURRENCY";
    public static final String STRIPE_API_BASE = "STRIPE_API_BASE";
    public static final String S3_ENDPOINT = "S3_ENDPOINT";
    public static final String S3_PUBLIC_ENDPOINT = "S3_PUBLIC_ENDPOINT";
    public static final String S3_PATH_STYLE = "S3_PATH_STYLE";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String MEDIA_BUCKET = "MESH_MEDIA_BUCKET";
    public static final String IMPORT_SOURCE_HOSTS = "MESH_IMPORT_SOURCE_HOSTS";
    public static final String MOVE_BATCH_ROWS = "MESH_MOVE_BATCH_ROWS";
    public static final String MOVE_THROTTLE_MS = "MESH_MOVE_THROTTLE_MS";
    public static final String MOVE_CLEANUP_DELAY_SECONDS = "MESH_MOVE_CLEANUP_DELAY_SECONDS";
    public static final String MOVE_FENCE_BUDGET_MS = "MESH_MOVE_FENCE_BUDGET_MS";
    public static final String ROOM_BUCKET_PREFIX = "MESH_ROOM_BUCKET_PREFIX";
    public static final String ROOM_PRINCIPAL_ARN = "MESH_ROOM_PRINCIPAL_ARN";
    public static final String ROOM_KMS = "MESH_ROOM_KMS";
    public static final String KMS_ENDPOINT = "KMS_ENDPOINT";
    public static final String ROOM_DASHBOARDS = "MESH_ROOM_DASHBOARDS";
    public static final String CLOUDWATCH_ENDPOINT = "CLOUDWATCH_ENDPOINT";
    public static final String ROOM_KEY_DELETION_DAYS = "MESH_ROOM_KEY_DELETION_DAYS";

    public static final List<String> ALL = List.of(
            DATA_DIR,
            CACHE_DIR,
            DB_DURABLE,
            HOST,
            PORT,
            PUBLIC_URL,
            ADMIN_TOKEN,
            MASTER_KEY,
            DATABASE_URL,
            DATABASE_USER,
            DATABASE_PASSWORD,
            SHARD_PG_URL_BASE,
            DB_POOL_SIZE,
            DB_MAX_POOLS,
            HTTP_WORKERS,
            S3_ENDPOINT,
            S3_PUBLIC_ENDPOINT,
            S3_PATH_STYLE,
            AWS_REGION,
            AWS_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY,
            MEDIA_BUCKET,
            IMPORT_SOURCE_HOSTS,
            MOVE_BATCH_ROWS,
            MOVE_THROTTLE_MS,
            MOVE_CLEANUP_DELAY_SECONDS,
            MOVE_FENCE_BUDGET_MS,
            ROOM_BUCKET_PREFIX,
            ROOM_PRINCIPAL_ARN,
            ROOM_KMS,
            KMS_ENDPOINT,
            ROOM_DASHBOARDS,
            CLOUDWATCH_ENDPOINT,
            ROOM_KEY_DELETION_DAYS,
            MAX_UPLOAD_BYTES,
            PUSH_MAX_BYTES,
            PUSH_UPLOADS_PER_TOKEN,
            PUSH_BYTES_PER_TOKEN,
            PUSH_IDLE_HOURS,
            IMPORT_SHARDED,
            USAGE_INTERVAL,
            USAGE_RETENTION_DAYS,
            FREE_TIER_BYTES,
            FREE_TIER_DAYS,
            FREE_TIER_ENFORCED,
            BILLING_INTERVAL,
            STRIPE_API_KEY,
            STRIPE_WEBHOOK_SECRET,
            STRIPE_PRICE_SHARD_GB,
            STRIPE_PRICE_SHARD_DB_HOURS,
            STRIPE_CURRENCY,
            STRIPE_API_BASE);
    private static final List<String> SECRETS = List.of(
            ADMIN_TOKEN, MASTER_KEY, DATABASE_PASSWORD, AWS_SECRET_ACCESS_KEY, STRIPE_API_KEY, STRIPE_WEBHOOK_SECRET);

    private Environment() {}

    /** "NAME=value" for every variable that is set, secrets and URL passwords masked. */
    public static String describe(Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (String name : ALL) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            String shown = SECRETS.contains(name) ? "****" : value.replaceAll("://([^:/@]+):[^@]*@", "://$1:****@");
            out.append(out.length() == 0 ? "" : ", ").append(name).append('=').append(shown);
        }
        return out.length() == 0 ? "(none: embedded defaults)" : out.toString();
    }
}
