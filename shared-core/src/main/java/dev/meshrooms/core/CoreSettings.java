package dev.meshrooms.core;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.routing.DatabaseServer;
import java.time.Duration;
import java.util.List;

/**
 * What the core needs to run, with defaults in one place.
 *
 * @param global        the server holding the global schema {@code mesh}
 * @param shardServers  further servers shards may live on (SHARD_PG_URL_BASE)
 * @param poolSize      connections per server pool (MESH_DB_POOL_SIZE)
 * @param maxShardPools shard-server pools kept open at once (MESH_DB_MAX_POOLS)
 * @param masterKey     32 bytes sealing authors' private keys (MESH_MASTER_KEY)
 * @param mediaBucket   bucket of unsharded rooms' media (MESH_MEDIA_BUCKET)
 * @param presignTtl    how long a presigned media URL stays valid
 * @param importSourceHosts further hosts whose media links an import rewrites, beside those a bundle names
 *                      (MESH_IMPORT_SOURCE_HOSTS)
 */
public record CoreSettings(DatabaseServer global, List<DatabaseServer> shardServers, int poolSize, int maxShardPools,
                           byte[] masterKey, String mediaBucket, Duration presignTtl, List<String> importSourceHosts) {
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final int DEFAULT_MAX_SHARD_POOLS = 8;
    public static final String DEFAULT_MEDIA_BUCKET = "mesh-media";
    public static final Duration DEFAULT_PRESIGN_TTL = Duration.ofMinutes(15);
    public static final int ROUTE_CACHE_SIZE = 100_000;
    /** How long a process trusts a cached room route (reads only; writes follow a moved room at once). */
    public static final Duration ROUTE_CACHE_TTL = Duration.ofSeconds(30);

    public CoreSettings validate() {
        if (global == null) {
            throw new MeshException(ErrorCode.CONFIGURATION, "DATABASE_URL: no global database configured");
        }
        if (poolSize < 2) {
            throw new MeshException(ErrorCode.CONFIGURATION, "MESH_DB_POOL_SIZE: must be at least 2, got " + poolSize);
        }
        if (maxShardPools < 1) {
            throw new MeshException(ErrorCode.CONFIGURATION, "MESH_DB_MAX_POOLS: must be at least 1, got " + maxShardPools);
        }
        if (masterKey == null || masterKey.length != 32) {
            throw new MeshException(ErrorCode.CONFIGURATION, "MESH_MASTER_KEY: must be 32 bytes, base64-encoded");
        }
        if (mediaBucket == null || !mediaBucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new MeshException(ErrorCode.CONFIGURATION, "MESH_MEDIA_BUCKET: not a valid S3 bucket name: " + mediaBucket);
        }
        return this;
    }
}
