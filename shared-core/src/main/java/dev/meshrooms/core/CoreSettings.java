package dev.meshrooms.core;

import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.upload.PushLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * What the core needs to run, with defaults in one place. Built with {@link #builder()}: named setters, so a new
 * setting breaks no call site.
 */
public final class CoreSettings {
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final int DEFAULT_MAX_SHARD_POOLS = 8;
    public static final String DEFAULT_MEDIA_BUCKET = "mesh-media";
    public static final Duration DEFAULT_PRESIGN_TTL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_FENCE_BUDGET = Duration.ofSeconds(1);

    private final DatabaseServer global;
    private final List<DatabaseServer> shardServers;
    private final int poolSize;
    private final int maxShardPools;
    private final byte[] masterKey;
    private final String mediaBucket;
    private final Duration presignTtl;
    private final List<String> importSourceHosts;
    private final Duration fenceBudget;
    private final MeterRegistry meters;
    private final boolean migrateShardsAtStart;
    private final List<String> roomMigrations;
    private final PushLimits pushLimits;
    /**
     * Where an import goes when neither its request nor the instance says: a room of at least this many messages into a
     * new shard of its own on the instance's own servers, a smaller one into the shared tables. A shard's fresh tables
     * load without their indexes (built by sorting afterwards) and, on a server with {@code wal_level=minimal}, without
     * writing the rows to the WAL as well; the shared tables keep every index up row by row. From about this size the
     * shard's fixed cost (a schema, a role, its migrations, a bucket) is the smaller one.
     */
    public static final long IMPORT_SHARD_FROM_MESSAGES = 100_000;
    /** {@link #importShardFrom()} of an instance whose imports go into the shared tables unless a request says. */
    public static final long IMPORT_NEVER_SHARDED = Long.MAX_VALUE;

    private final long importShardFrom;
    private final dev.meshrooms.core.usage.UsageSettings usage;
    private final dev.meshrooms.core.usage.FreeTier freeTier;
    private final dev.meshrooms.core.billing.BillingSettings billing;

    private CoreSettings(Builder b) {
        this.global = b.global;
        this.shardServers = List.copyOf(b.shardServers);
        this.poolSize = b.poolSize;
        this.maxShardPools = b.maxShardPools;
        this.masterKey = b.masterKey;
        this.mediaBucket = b.mediaBucket;
        this.presignTtl = b.presignTtl;
        this.importSourceHosts = List.copyOf(b.importSourceHosts);
        this.fenceBudget = b.fenceBudget;
        this.meters = b.meters;
        this.migrateShardsAtStart = b.migrateShardsAtStart;
        this.roomMigrations = List.copyOf(b.roomMigrations);
        this.pushLimits = b.pushLimits;
        this.importShardFrom = b.importShardFrom;
        this.usage = b.usage;
        this.freeTier = b.freeTier;
        this.billing = b.billing;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server holding the global schema {@code mesh} (DATABASE_URL). */
    public DatabaseServer global() {
        return global;
    }

    /** Further servers shards may live on (SHARD_PG_URL_BASE). */
    public List<DatabaseServer> shardServers() {
        return shardServers;
    }

    /** Connections per server pool for requests (MESH_DB_POOL_SIZE). */
    public int poolSize() {
        return poolSize;
    }

    /** Shard-server pools kept open at once (MESH_DB_MAX_POOLS). */
    public int maxShardPools() {
        return maxShardPools;
    }

    /** 32 bytes sealing authors' private keys (MESH_MASTER_KEY). */
    public byte[] masterKey() {
        return masterKey;
    }

    /** Bucket of unsharded rooms' media (MESH_MEDIA_BUCKET). */
    public String mediaBucket() {
        return mediaBucket;
    }

    /** How long a presigned media URL stays valid. */
    public Duration presignTtl() {
        return presignTtl;
    }

    /** Further hosts whose media links an import rewrites, beside those a bundle names (MESH_IMPORT_SOURCE_HOSTS). */
    public List<String> importSourceHosts() {
        return importSourceHosts;
    }

    /**
     * The longest a room move may hold its write fence (MESH_MOVE_FENCE_BUDGET_MS); a move that cannot finish inside
     * it lowers the fence and tries again later. Writers that meet the fence wait at most about this long.
     */
    public Duration fenceBudget() {
        return fenceBudget;
    }

    /** Where the core's pools report waits and timeouts; null: nowhere. */
    public MeterRegistry meters() {
        return meters;
    }

    /** Whether the core brings every shard schema to the newest room version before it is used (default yes). */
    public boolean migrateShardsAtStart() {
        return migrateShardsAtStart;
    }

    /** Where the room migration set is read from (the product's own; tests add one on top). */
    public List<String> roomMigrations() {
        return roomMigrations;
    }

    /** The bounds on bundles pushed to this instance. */
    public PushLimits pushLimits() {
        return pushLimits;
    }

    /**
     * From how many messages on an import goes straight into a new shard of its own when its request does not say
     * (MESH_IMPORT_SHARDED): 0 for every import, {@link #IMPORT_NEVER_SHARDED} for none.
     */
    public long importShardFrom() {
        return importShardFrom;
    }

    /** What a room's own shard may use without billing, and whether this instance holds rooms to it. */
    public dev.meshrooms.core.usage.FreeTier freeTier() {
        return freeTier;
    }

    /** How rooms' own shards are billed, or that they are not ({@link dev.meshrooms.core.billing.BillingSettings#OFF}). */
    public dev.meshrooms.core.billing.BillingSettings billing() {
        return billing;
    }

    /** How often rooms' usage is sampled and how long samples are kept. */
    public dev.meshrooms.core.usage.UsageSettings usage() {
        return usage;
    }

    public CoreSettings validate() {
        pushLimits.validate();
        usage.validate();
        freeTier.validate();
        billing.validate();
        if (global == null) {
            throw new MeshException(ErrorCode.CONFIGURATION, "DATABASE_URL: no global database configured");
        }
        if (poolSize < 2) {
            throw new MeshException(ErrorCode.CONFIGURATION, "MESH_DB_POOL_SIZE: must be at least 2, got " + poolSize);
        }
        if (maxShardPools < 1) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "MESH_DB_MAX_POOLS: must be at least 1, got " + maxShardPools);
        }
        if (masterKey == null || masterKey.length != 32) {
            throw new MeshException(ErrorCode.CONFIGURATION, "MESH_MASTER_KEY: must be 32 bytes, base64-encoded");
        }
        if (mediaBucket == null || !mediaBucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "MESH_MEDIA_BUCKET: not a valid S3 bucket name: " + mediaBucket);
        }
        if (fenceBudget.compareTo(Duration.ofMillis(50)) < 0 || fenceBudget.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_MOVE_FENCE_BUDGET_MS: must be between 50 and 60000, got " + fenceBudget.toMillis());
        }
        return this;
    }

    /** Settings by name; every one but the global server and the master key has a default. */
    public static final class Builder {
        private DatabaseServer global;
        private List<DatabaseServer> shardServers = List.of();
        private int poolSize = DEFAULT_POOL_SIZE;
        private int maxShardPools = DEFAULT_MAX_SHARD_POOLS;
        private byte[] masterKey;
        private String mediaBucket = DEFAULT_MEDIA_BUCKET;
        private Duration presignTtl = DEFAULT_PRESIGN_TTL;
        private List<String> importSourceHosts = List.of();
        private Duration fenceBudget = DEFAULT_FENCE_BUDGET;
        private MeterRegistry meters;
        private boolean migrateShardsAtStart = true;
        private List<String> roomMigrations = List.of(Migrations.ROOM_LOCATION);
        private PushLimits pushLimits = PushLimits.DEFAULTS;
        private long importShardFrom = IMPORT_NEVER_SHARDED;
        private dev.meshrooms.core.usage.UsageSettings usage = dev.meshrooms.core.usage.UsageSettings.DEFAULTS;
        private dev.meshrooms.core.usage.FreeTier freeTier = dev.meshrooms.core.usage.FreeTier.DEFAULTS;
        private dev.meshrooms.core.billing.BillingSettings billing = dev.meshrooms.core.billing.BillingSettings.OFF;

        private Builder() {}

        public Builder global(DatabaseServer server) {
            this.global = server;
            return this;
        }

        public Builder shardServers(List<DatabaseServer> servers) {
            this.shardServers = servers;
            return this;
        }

        public Builder poolSize(int size) {
            this.poolSize = size;
            return this;
        }

        public Builder maxShardPools(int pools) {
            this.maxShardPools = pools;
            return this;
        }

        public Builder masterKey(byte[] key) {
            this.masterKey = key;
            return this;
        }

        public Builder mediaBucket(String bucket) {
            this.mediaBucket = bucket;
            return this;
        }

        public Builder presignTtl(Duration ttl) {
            this.presignTtl = ttl;
            return this;
        }

        public Builder importSourceHosts(List<String> hosts) {
            this.importSourceHosts = hosts;
            return this;
        }

        public Builder fenceBudget(Duration budget) {
            this.fenceBudget = budget;
            return this;
        }

        public Builder meters(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        public Builder migrateShardsAtStart(boolean migrate) {
            this.migrateShardsAtStart = migrate;
            return this;
        }

        public Builder roomMigrations(List<String> locations) {
            this.roomMigrations = locations;
            return this;
        }

        /** Imports of rooms of at least this many messages into a new shard, unless their request says otherwise. */
        public Builder importShardFrom(long messages) {
            if (messages < 0) {
                throw new IllegalArgumentException("importShardFrom: at least 0 messages, got " + messages);
            }
            this.importShardFrom = messages;
            return this;
        }

        public Builder freeTier(dev.meshrooms.core.usage.FreeTier tier) {
            this.freeTier = tier;
            return this;
        }

        public Builder billing(dev.meshrooms.core.billing.BillingSettings settings) {
            this.billing = settings;
            return this;
        }

        public Builder usage(dev.meshrooms.core.usage.UsageSettings settings) {
            this.usage = settings;
            return this;
        }

        public Builder pushLimits(PushLimits limits) {
            this.pushLimits = limits;
            return this;
        }

        /** The settings, validated. */
        public CoreSettings build() {
            return new CoreSettings(this).validate();
        }
    }
}
