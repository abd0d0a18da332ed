package dev.meshrooms.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.auth.InstanceAdmin;
import dev.meshrooms.core.auth.RoomAccess;
import dev.meshrooms.core.auth.RoomInvites;
import dev.meshrooms.core.auth.Sessions;
import dev.meshrooms.core.billing.PricingSnapshot;
import dev.meshrooms.core.billing.ShardCostEstimate;
import dev.meshrooms.core.bundle.BundleLimits;
import dev.meshrooms.core.bundle.BundleVerifier;
import dev.meshrooms.core.bundle.RoomExporter;
import dev.meshrooms.core.bundle.RoomImporter;
import dev.meshrooms.core.bundle.SourceInstance;
import dev.meshrooms.core.db.ChangeFeed;
import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.health.HealthChecks;
import dev.meshrooms.core.imports.BundleImports;
import dev.meshrooms.core.imports.ImportHistory;
import dev.meshrooms.core.imports.ImportStatus;
import dev.meshrooms.core.job.JobWorker;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.RoomMedia;
import dev.meshrooms.core.media.s3.S3MediaStore;
import dev.meshrooms.core.message.MessageService;
import dev.meshrooms.core.message.RoomFeed;
import dev.meshrooms.core.message.RoomVerifications;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.move.MoveSettings;
import dev.meshrooms.core.move.RoomMoves;
import dev.meshrooms.core.room.RoomRemoval;
import dev.meshrooms.core.room.RoomService;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.shard.RoomShardProvisioner;
import dev.meshrooms.core.shard.SchemaAndBucketProvisioner;
import dev.meshrooms.core.shard.ShardMigrator;
import dev.meshrooms.core.shard.ShardPlacement;
import dev.meshrooms.core.shard.ShardProvisioner;
import dev.meshrooms.core.shard.ShardRecords;
import dev.meshrooms.core.shard.ShardSchemas;
import dev.meshrooms.core.shard.ShardSettings;
import dev.meshrooms.core.shard.ShardStorage;
import dev.meshrooms.core.shard.ShardedRooms;
import dev.meshrooms.core.shard.aws.AwsShardStorage;
import dev.meshrooms.core.signature.KeyVault;
import dev.meshrooms.core.signature.SignatureWorkers;
import dev.meshrooms.core.store.RoomDirectory;
import dev.meshrooms.core.store.RoomStore;
import dev.meshrooms.core.store.UserDirectory;
import dev.meshrooms.core.store.postgres.PostgresRoomDirectory;
import dev.meshrooms.core.store.postgres.PostgresUserDirectory;
import dev.meshrooms.core.upload.BundleUploads;
import dev.meshrooms.core.usage.RoomLimits;
import dev.meshrooms.core.usage.UsageHistory;
import dev.meshrooms.core.usage.UsageSampler;
import java.time.Clock;
import java.util.List;

/**
 * The core, wired by hand: migrate the global schema, then hand out the services. Servers, CLIs and the desktop app
 * build one of these and talk to rooms only through it.
 */
public final class MeshCore implements AutoCloseable {
    private final ConnectionPools pools;
    private final MediaStore mediaStore;
    private final RoomDirectory rooms;
    private final UserDirectory users;
    private final ApiTokens tokens;
    private final ChangeFeed changes;
    private final InstanceAdmin admin;
    private final RoomStores stores;
    private final ShardSchemas shards;
    private final ShardStorage shardStorage;
    private final ShardPlacement placement;
    private final RoomShardProvisioner provisioner;
    private final RoomService roomService;
    private final ShardedRooms shardedRooms;
    private final SignatureWorkers signatureWorkers;
    private final MessageService messages;
    private final RoomVerifications verifications;
    private final RoomMedia media;
    private final RoomAccess access;
    private final ObjectMapper json = json();
    private volatile ShardProvisioner moveProvisioner;
    private final RoomMoves moves;
    private final List<String> importSourceHosts;
    private final Internals internals = new Internals();
    private final HealthChecks health;
    private final UsageHistory usageHistory;
    private final RoomLimits limits;
    private final UsageSampler usageSampler;
    private final dev.meshrooms.core.billing.BillingLedger billingLedger;
    private final dev.meshrooms.core.billing.RoomBilling billing;
    private final dev.meshrooms.core.billing.UsageReporter usageReporter;
    private final ShardMigrator shardMigrator;
    private final RoomFeed feed;
    private final Sessions sessions;
    private final RoomInvites invites;
    private final BundleUploads bundleUploads;
    private final BundleImports imports;
    private final ImportHistory importHistory;
    private JobWorker worker;
    private final long importShardFrom;
    private final int poolSize;
    /** How often rooms with live readers are checked for writes made by other processes. */
    private static final java.time.Duration FEED_POLL = java.time.Duration.ofSeconds(2);
    /** Shard schemas migrated at once (each may hold two of its server's move-pool connections). */
    private static final int MIGRATION_THREADS = 4;

    private MeshCore(CoreSettings settings, MediaStore mediaStore, ShardStorage shardStorage, Clock clock) {
        this.pools = new ConnectionPools(
                settings.global(),
                settings.shardServers(),
                settings.poolSize(),
                settings.maxShardPools(),
                settings.meters());
        this.mediaStore = mediaStore;
        Migrations.migrateGlobal(pools.global());
        this.rooms = new PostgresRoomDirectory(pools.global());
        this.changes = ChangeFeed.listen(() -> settings.global().connect(ChangeFeed.APPLICATION_NAME));
        this.users = new PostgresUserDirectory(pools.global(), new KeyVault(settings.masterKey()), changes);
        this.tokens = new ApiTokens(pools.global(), changes);
        this.admin = new InstanceAdmin(pools.global(), users, tokens);
        this.stores = new RoomStores(
                rooms,
                pools,
                RoomStores.ROUTE_CACHE_SIZE,
                RoomStores.ROUTE_CACHE_TTL,
                RoomStores.writeWait(settings.fenceBudget()));
        this.shards = new ShardSchemas(pools);
        this.shardStorage = shardStorage;
        this.placement = new ShardPlacement(pools);
        this.provisioner =
                new RoomShardProvisioner(rooms, shards, placement, new ShardRecords(pools.global()), shardStorage);
        this.roomService = new RoomService(rooms, stores);
        this.shardedRooms = new ShardedRooms(roomService, rooms, shards, stores, () -> moveProvisioner);
        this.signatureWorkers = new SignatureWorkers();
        this.usageHistory = new UsageHistory(pools.global());
        this.limits = new RoomLimits(pools.global(), usageHistory, settings.freeTier());
        this.media = new RoomMedia(
                mediaStore, stores, rooms, settings.mediaBucket(), settings.presignTtl(), limits::admitMedia);
        this.feed = new RoomFeed(FEED_POLL);
        this.messages = new MessageService(stores, users, clock, signatureWorkers.executor(), media, feed);
        feed.start(messages::changes);
        this.verifications = new RoomVerifications(messages);
        this.sessions = new Sessions(pools.global(), changes, clock);
        this.invites = new RoomInvites(pools.global(), rooms, users, clock);
        this.access = new RoomAccess(rooms);
        this.importSourceHosts = List.copyOf(settings.importSourceHosts());
        // the full provisioner (placement, bucket, key, policy, tags) when rooms' buckets have a store; else the
        // minimal one
        this.moveProvisioner = shardStorage != null
                ? provisioner
                : new SchemaAndBucketProvisioner(shards, mediaStore, SchemaAndBucketProvisioner.DEFAULT_BUCKET_PREFIX);
        this.moves = new RoomMoves(
                pools,
                stores,
                mediaStore,
                settings.mediaBucket(),
                () -> moveProvisioner,
                json,
                settings.fenceBudget(),
                limits);
        this.importShardFrom = settings.importShardFrom();
        this.poolSize = settings.poolSize();
        this.bundleUploads = new BundleUploads(pools.global(), settings.pushLimits());
        this.imports = new BundleImports(pools.global(), bundleUploads, this::importer, json)
                .withLimits(id -> rooms.findById(id).map(limits::of).map(ImportStatus.RoomLimit::of));
        this.importHistory = new ImportHistory(pools.global(), json);
        this.health = new HealthChecks(pools, mediaStore);
        this.usageSampler = new UsageSampler(
                        rooms, pools, mediaStore, settings.mediaBucket(), usageHistory, settings.usage())
                .withLimits(limits)
                .withPublisher(shardStorage == null ? null : shardStorage.published())
                .withMetrics(settings.meters());
        this.billingLedger = new dev.meshrooms.core.billing.BillingLedger(pools.global());
        dev.meshrooms.core.billing.PaymentProvider provider = settings.billing().enabled()
                ? new dev.meshrooms.core.billing.stripe.StripeProvider(settings.billing())
                : null;
        this.billing = new dev.meshrooms.core.billing.RoomBilling(billingLedger, provider, json, clock);
        this.usageReporter = provider == null
                ? null
                : new dev.meshrooms.core.billing.UsageReporter(
                                billingLedger, usageHistory, provider, settings.billing())
                        .withMetrics(settings.meters());
        this.shardMigrator = new ShardMigrator(pools, MIGRATION_THREADS).withLocations(settings.roomMigrations());
        if (settings.migrateShardsAtStart()) {
            try {
                // every room schema on every server at the current version before anything reads it
                shardMigrator.migrateAll().requireSuccess();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /**
     * Migrates the global schema and builds the services. Rooms' own buckets go to the same store as the media
     * ({@link ShardSettings#defaults()}: no KMS key, no bucket policy); use the other {@code start} to configure them.
     */
    public static MeshCore start(CoreSettings settings, MediaStore mediaStore) {
        ShardStorage storage = mediaStore instanceof S3MediaStore s3
                ? AwsShardStorage.connect(s3.settings(), ShardSettings.defaults())
                : null;
        return start(settings, mediaStore, storage);
    }

    /** Migrates the global schema and builds the services; rooms' own buckets and keys are made in {@code shardStorage}. */
    public static MeshCore start(CoreSettings settings, MediaStore mediaStore, ShardStorage shardStorage) {
        return new MeshCore(settings.validate(), mediaStore, shardStorage, Clock.systemUTC());
    }

    public RoomDirectory rooms() {
        return rooms;
    }

    public UserDirectory users() {
        return users;
    }

    public ApiTokens tokens() {
        return tokens;
    }

    public InstanceAdmin admin() {
        return admin;
    }

    /** Decentralising and re-centralising rooms (durable jobs). */
    public RoomMoves moves() {
        return moves;
    }

    /** Pushed bundles' uploads: their bounds per token and their record. */
    public BundleUploads bundleUploads() {
        return bundleUploads;
    }

    /** The record of every import into this instance. */
    public ImportHistory importHistory() {
        return importHistory;
    }

    /** Imports of pushed bundles (durable jobs). */
    public BundleImports imports() {
        return imports;
    }

    /** Samples rooms' usage (a recurring job of the worker; callable directly). */
    public UsageSampler usageSampler() {
        return usageSampler;
    }

    /** Linking rooms to their payers (Add billing, the provider's webhook). */
    public dev.meshrooms.core.billing.RoomBilling billing() {
        return billing;
    }

    /** Billing's records: links, watermarks, reporting errors. */
    public dev.meshrooms.core.billing.BillingLedger billingLedger() {
        return billingLedger;
    }

    /** Reports paying rooms' usage to the payment provider (a recurring job of the worker), or null: billing is off. */
    public dev.meshrooms.core.billing.UsageReporter usageReporter() {
        return usageReporter;
    }

    /** The free tier: where a room stands, and the checks every path that makes a room bigger goes through. */
    public RoomLimits limits() {
        return limits;
    }

    /** Rooms' recorded usage. */
    public UsageHistory usage() {
        return usageHistory;
    }

    /**
     * Runs durable jobs (room moves, imports of pushed bundles) in this process: the server does; one-shot CLI
     * commands do not.
     */
    public synchronized void startWorker(MoveSettings settings) {
        if (worker == null) {
            worker = JobWorker.start(
                    pools.forMoves(null),
                    settings.pollInterval(),
                    settings.heartbeat(),
                    settings.workerThreads(),
                    usageReporter == null
                            ? List.of(
                                    moves.prepareWorker(settings),
                                    imports.prepareWorker(),
                                    usageSampler.prepareWorker())
                            : List.of(
                                    moves.prepareWorker(settings),
                                    imports.prepareWorker(),
                                    usageSampler.prepareWorker(),
                                    usageReporter.prepareWorker()));
        }
    }

    /** Removing rooms for good (rows and files). */
    public RoomRemoval roomRemoval() {
        return new RoomRemoval(pools.global(), mediaStore, media, shard -> {
            ShardProvisioner provisioner = moveProvisioner;
            if (provisioner == null) {
                throw new MeshException(
                        ErrorCode.CONFIGURATION,
                        "this instance has no shard storage to remove " + shard.schema() + " from");
            }
            provisioner.deprovision(shard);
        });
    }

    public RoomService roomService() {
        return roomService;
    }

    /** Rooms created in a shard of their own from the start. */
    public ShardedRooms shardedRooms() {
        return shardedRooms;
    }

    public MessageService messages() {
        return messages;
    }

    /** Whole-room signature checks as callers over the network ask for them: bounded, shared, cancellable. */
    /** Live changes of rooms for connected readers. */
    public RoomFeed feed() {
        return feed;
    }

    public Sessions sessions() {
        return sessions;
    }

    public RoomInvites invites() {
        return invites;
    }

    public RoomVerifications verifications() {
        return verifications;
    }

    public RoomMedia media() {
        return media;
    }

    public RoomAccess access() {
        return access;
    }

    /** The exporter, naming this instance by its public URL in bundles. */
    public RoomExporter exporter(String publicUrl) {
        return new RoomExporter(
                rooms,
                users,
                stores,
                media,
                mediaStore,
                new SourceInstance(publicUrl, instanceId(), List.of()),
                json,
                Clock.systemUTC());
    }

    /**
     * Whether every import goes straight into a new shard of its own when its request does not say
     * (MESH_IMPORT_SHARDED; by default when the instance has shard servers or an external store for rooms' buckets),
     * and so a new room by default; otherwise only big ones do ({@link CoreSettings#importShardFrom()}).
     */
    public boolean importsSharded() {
        return importShardFrom == 0;
    }

    public RoomImporter importer() {
        return new RoomImporter(
                        pools.global(),
                        mediaStore,
                        media,
                        users,
                        json,
                        BundleLimits.defaults(),
                        importSourceHosts,
                        () -> moveProvisioner,
                        pools::forMoves)
                .withLimits(limits)
                .withShardFrom(importShardFrom)
                .withPoolSize(poolSize);
    }

    public BundleVerifier verifier() {
        return new BundleVerifier(BundleLimits.defaults(), json);
    }

    /** What runs underneath the services, for tests, benchmarks and diagnostics; the product's modules do not use it. */
    public Internals internals() {
        return internals;
    }

    /**
     * Bringing every shard schema to the newest room migration version (at start, unless the settings say not to;
     * {@code migrate} on demand; {@code pending()} is the dry run).
     */
    public ShardMigrator shardMigrations() {
        return shardMigrator;
    }

    /** The health of what the core runs on: the database (and its settings), the store, the shard servers. */
    public HealthChecks health() {
        return health;
    }

    /** What a room's own shard would cost per month at list prices, for its current size. */
    /** A room's usage over the last 30 days and its shard's cost so far this month, at the bundled list prices. */
    public dev.meshrooms.core.billing.UsageReport usageReport(Room room) {
        return dev.meshrooms.core.billing.UsageReport.of(
                usageHistory, room.id(), PricingSnapshot.current(), java.time.Instant.now());
    }

    public ShardCostEstimate costEstimate(Room room) {
        RoomStore store = stores.forRoom(room);
        return ShardCostEstimate.of(PricingSnapshot.current(), store.rowBytes(), store.mediaBytes());
    }

    /**
     * The plumbing under the services: pools, stores, the object store, the shard provisioner. Tests and benchmarks
     * reach data through it; lite-server and the desktop app never do (an architecture test keeps it so).
     */
    public final class Internals {
        private Internals() {}

        public ConnectionPools pools() {
            return pools;
        }

        /** What tells this process that tokens or users changed elsewhere. */
        public ChangeFeed changes() {
            return changes;
        }

        public RoomStores stores() {
            return stores;
        }

        public MediaStore mediaStore() {
            return mediaStore;
        }

        public ShardSchemas shardSchemas() {
            return shards;
        }

        public ShardPlacement placement() {
            return placement;
        }

        /** The shard provisioner moves and sharded rooms use. */
        public ShardProvisioner provisioner() {
            return moveProvisioner;
        }

        /** Replaces the shard provisioner (before any move runs), e.g. with one that fails on purpose. */
        public void useProvisioner(ShardProvisioner replacement) {
            moveProvisioner = replacement;
        }

        /** The full provisioner (placement, bucket, key, policy, tags); CONFIGURATION when rooms' buckets have no store. */
        public RoomShardProvisioner roomShardProvisioner() {
            if (shardStorage == null) {
                throw new MeshException(
                        ErrorCode.CONFIGURATION,
                        "room shards need an S3-compatible store for rooms'" + " buckets; none is configured");
            }
            return provisioner;
        }

        /** A shard migrator on this many threads (a benchmark's). */
        public ShardMigrator shardMigrator(int threads) {
            return new ShardMigrator(pools, threads);
        }

        public String instanceId() {
            return MeshCore.this.instanceId();
        }
    }

    private String instanceId() {
        return Transactions.inTransaction(pools.global(), c -> {
            try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT id FROM mesh.instance")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** The JSON mapper bundles are written and read with. */
    public static ObjectMapper json() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        changes.close();
        synchronized (this) {
            if (worker != null) {
                worker.close();
                worker = null;
            }
        }
        signatureWorkers.close();
        if (shardStorage != null) {
            shardStorage.close();
        }
        pools.close();
    }
}
