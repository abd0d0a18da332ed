package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.db.PoolState;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.RoomMedia;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.shard.ShardProvisioner;
import dev.meshrooms.core.signature.ParallelVerifier;
import dev.meshrooms.core.store.UserDirectory;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Imports a bundle as a new room of this instance — one code path for Mesh-Lite and the cloud. Never executes SQL
 * from the bundle: COPY data goes into a staging schema ({@link StagingCopy}, the messages through two COPYs at once
 * when the pool allows) — for a bundle of this build's schema version, tables made like the instance's own; for an
 * older one, tables our own migrations create at the bundle's version, then migrated forward; media go to the room's
 * bucket; ids are translated and the room becomes
 * visible in one transaction. Once db.sql is loaded, the signature check ({@link StagedSignatures}) and the
 * translation ({@link PendingTranslation}, its transaction held open until every hash and upload has checked out) run
 * while the media still stream. Any failure rolls the translation back and drops the staging schema and the uploaded
 * objects (and a crash leaves an {@code import_jobs} row that {@link #cleanUpAbandoned()} finishes on the next start).
 */
public final class RoomImporter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoomImporter.class);
    private static final int UPLOAD_THREADS = 4;
    private static final String LOCK_PREFIX = "mesh-import:";
    /**
     * Media read ahead of the uploads: one of the largest buffered objects for each worker. The archive is read faster
     * than the store takes it, so this stays full; more only holds more of the heap (a signature check's tables
     * share it).
     */
    private static final int UPLOAD_BUFFER = UPLOAD_THREADS * MediaUploads.SMALL;
    /** Global pool size from which a new shard is provisioned beside the load of db.sql (see {@link #withPoolSize}). */
    static final int POOL_TO_PROVISION_BESIDE = 4;
    /**
     * Global pool size from which db.sql's messages may load through two COPYs at once (one more connection during the
     * load, taken only when one is free then).
     */
    static final int POOL_FOR_TWO_COPIES = 6;

    private final DataSource global;
    private final MediaStore store;
    private final RoomMedia media;
    private final UserDirectory users;
    private final ObjectMapper json;
    private final BundleLimits limits;
    private final List<String> extraSourceHosts;
    private final ShardedImport shards;
    private dev.meshrooms.core.usage.RoomLimits freeTier;
    private long shardFrom = dev.meshrooms.core.CoreSettings.IMPORT_NEVER_SHARDED;
    private boolean provisionBeside;
    /** COPYs the messages of db.sql load through at once. */
    private int messageCopies = 1;
    /** The global pool's size, when known: an import that needs more connections at once is refused before it starts. */
    private int poolSize = Integer.MAX_VALUE;

    /**
     * @param provisioner the instance's shard provisioner (the one decentralise uses), for imports into a new shard
     * @param servers     the pool of a shard server by its URL (null: the global server)
     */
    public RoomImporter(
            DataSource global,
            MediaStore store,
            RoomMedia media,
            UserDirectory users,
            ObjectMapper json,
            BundleLimits limits,
            List<String> extraSourceHosts,
            Supplier<ShardProvisioner> provisioner,
            Function<String, DataSource> servers) {
        this.global = global;
        this.store = store;
        this.media = media;
        this.users = users;
        this.json = json;
        this.limits = limits;
        this.extraSourceHosts = extraSourceHosts;
        this.shards = new ShardedImport(global, provisioner, servers, json);
    }

    /** Holds imports into a new shard to the free tier (checked when metadata.json is read, before any work). */
    public RoomImporter withLimits(dev.meshrooms.core.usage.RoomLimits freeTier) {
        this.freeTier = freeTier;
        return this;
    }

    /**
     * Imports that do not say where they go ({@link ImportOptions#sharded()} null) go into a new shard of their own
     * when the bundle holds at least this many messages: with 0, every one, as if it asked (held to the free tier like
     * one that asks); with more, unless the instance enforces its free tier.
     */
    public RoomImporter withShardFrom(long messages) {
        this.shardFrom = messages;
        return this;
    }

    /**
     * Whether a new shard is provisioned while db.sql loads (one more connection of the global pool at once: the
     * job's lock, the load's COPY and the provisioning's), rather than before it. For pools of at least
     * {@link #POOL_TO_PROVISION_BESIDE} connections.
     */
    public RoomImporter withPoolSize(int connections) {
        this.provisionBeside = connections >= POOL_TO_PROVISION_BESIDE;
        this.messageCopies = connections >= POOL_FOR_TWO_COPIES ? 2 : 1;
        this.poolSize = connections;
        return this;
    }

    /**
     * The global pool's connections an import holds at once at most: its job's lock (which also looks up earlier
     * imports of the bundle), the load of db.sql and then the translation's transaction, and the signature check's
     * reader when signatures are checked. With the pool at {@link #POOL_TO_PROVISION_BESIDE} or more, a new shard's
     * provisioning takes one more beside the load.
     */
    static int connectionsNeeded(ImportOptions options) {
        return options.signatures() == ImportOptions.SignatureCheck.NONE ? 2 : 3;
    }

    /** Refuses, before anything is written, an import the pool cannot serve: it would wait on itself until it failed. */
    private void checkPool(String bundleName, ImportOptions options) {
        int needed = connectionsNeeded(options);
        if (poolSize < needed) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "Importing " + bundleName + " needs " + needed + " database connections at once (the import's"
                            + " lock, the load of db.sql and then its translation"
                            + (needed > 2 ? ", the signature check's reader" : "") + "), but the pool has "
                            + poolSize + ": set MESH_DB_POOL_SIZE to " + needed + " or more"
                            + (needed > 2 ? " (or import without a signature check)" : "")
                            + BundleException.NOTHING_IMPORTED);
        }
    }

    /** Reads the bundle, checks everything, and says what an import would do; writes nothing. */
    public BundleReport dryRun(InputStream bundle, String bundleName, ProgressListener progress) {
        BundleScan.Result scan;
        RowChecks rows = new RowChecks(RowChecks.MAX_IDS, (table, ids) -> ImportPreview.taken(global, table, ids));
        try {
            scan = BundleScan.scan(bundle, bundleName, limits, json, rows, progress);
        } catch (MeshException e) {
            return BundleReport.refused(BundleException.asDryRun(e));
        }
        return BundleVerifier.report(scan, rows)
                .withTranslation(ImportPreview.of(global, users, scan.metadata(), scan.bundleSha256(), rows));
    }

    /** "slug (id), imported <when> by <who>" when a bundle with this SHA-256 (hex) was imported here before. */
    public java.util.Optional<String> importedAs(String bundleSha256) {
        byte[] sha;
        try {
            sha = java.util.HexFormat.of().parseHex(bundleSha256);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        return sha.length == 32 ? ImportPreview.alreadyImported(global, sha) : java.util.Optional.empty();
    }

    public ImportResult importBundle(
            InputStream bundle, String bundleName, ImportOptions options, ProgressListener progress) {
        checkPool(bundleName, options);
        UUID roomId = UUID.randomUUID();
        String staging = "mesh_import_" + UUID.randomUUID().toString().replace("-", "");
        String bucket = media.sharedBucket();
        String prefix = media.sharedStorageKey(roomId, "");
        UUID job = UUID.randomUUID();
        recordJob(job, roomId, staging, bucket, prefix);
        // held until the import ends: while it is, no clean-up (on any server) takes the job for abandoned
        Connection ownership = own(job);
        BundleScan.Result scan;
        BundleMetadata metadata;
        String sha;
        IdMapping mapping;
        ParallelVerifier.Outcome signatures;
        StagingSink sink = new StagingSink(bundleName, staging, bucket, roomId, options, job);
        long started = System.nanoTime();
        long streamed;
        long signed;
        try {
            try {
                scan = BundleScan.scan(bundle, bundleName, limits, json, sink, progress);
                if (sink.uploads != null) {
                    sink.uploads.await();
                }
            } finally {
                sink.closeUploads();
            }
            streamed = System.nanoTime();
            metadata = scan.metadata();
            sha = Hashing.hex(scan.bundleSha256());
            if (options.expectedSha256() != null && !options.expectedSha256().equalsIgnoreCase(sha)) {
                throw BundleException.invalid(
                        bundleName,
                        "its SHA-256 is " + sha + " but its sender computed " + options.expectedSha256()
                                + ": the bytes changed on the way; send it again");
            }
            if (!options.asNew()) {
                // on the lock's connection: the translation and the signature check may hold the others still
                ImportPreview.alreadyImported(ownership, scan.bundleSha256()).ifPresent(existing -> {
                    throw new MeshException(
                            ErrorCode.ALREADY_IMPORTED,
                            bundleName + " was imported already, as room " + existing
                                    + BundleException.NOTHING_IMPORTED);
                });
            }
            progress.onProgress(new Progress("links", 0, 1, 0, -1));
            // the signatures must be read before the translation drops the staging schema
            signatures =
                    sink.signatures == null ? new ParallelVerifier.Outcome(0, 0, List.of()) : sink.signatures.await();
            signed = System.nanoTime();
            mapping = sink.translation.commit(scan.bundleSha256());
        } catch (RuntimeException | Error e) {
            sink.abort();
            cleanUp(job, roomId, staging, bucket, prefix);
            release(ownership);
            throw e;
        }
        release(ownership);
        long committed = System.nanoTime();
        LOG.info(
                "imported {} as room {}{}: db.sql loaded in {} ms, the media streamed in {} ms more, the signature"
                        + " check ended {} ms later, the translation committed {} ms after that; {} ms in all",
                bundleName,
                roomId,
                sink.shard == null ? "" : " (into its new shard)",
                millis(started, sink.loaded),
                millis(sink.loaded, streamed),
                millis(streamed, signed),
                millis(signed, committed),
                millis(started, committed));
        // committed: the room is visible and owns its media; nothing after this point may clean up
        List<String> remaining = sink.translator.remainingLinks();
        progress.onProgress(new Progress("done", 1, 1, -1, -1));
        return new ImportResult(
                roomId,
                mapping.slug().to(),
                metadata.room().name(),
                scan.db().messageRows(),
                metadata.media().size(),
                scan.mediaBytes(),
                options.signatures(),
                signatures.checked(),
                signatures.valid(),
                mapping,
                remaining,
                sha,
                sink.shard == null ? null : sink.shard.schema());
    }

    private static long millis(long from, long to) {
        return from == 0 || to == 0 ? 0 : (to - from) / 1_000_000;
    }

    /** Finishes the clean-up of imports whose process died (kill -9, power loss): staging schema, objects, job row. */
    public int cleanUpAbandoned() {
        record Job(UUID id, UUID roomId, String staging, String bucket, String prefix, long pid) {}
        List<Job> jobs = Transactions.inTransaction(global, c -> {
            List<Job> found = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT id, room_id, staging_schema, bucket, key_prefix, owner_pid FROM mesh.import_jobs")) {
                while (rs.next()) {
                    found.add(new Job(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getLong(6)));
                }
            }
            return found;
        });
        int cleaned = 0;
        for (Job j : jobs) {
            // an import holds its job's lock while it runs, on whichever server: one that can be taken has no owner
            Connection taken = tryOwn(j.id());
            if (taken != null) {
                try {
                    cleanUp(j.id(), j.roomId(), j.staging(), j.bucket(), j.prefix());
                    cleaned++;
                } finally {
                    release(taken);
                }
            }
        }
        return cleaned;
    }

    /** A connection holding the job's session lock until {@link #release}. */
    private Connection own(UUID job) {
        try {
            Connection c = global.getConnection();
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
                st.setString(1, LOCK_PREFIX + job);
                st.execute();
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
    }

    /** The job's lock when nobody holds it (its import ended or its process died), else null. */
    private Connection tryOwn(UUID job) {
        try {
            Connection c = global.getConnection();
            try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                st.setString(1, LOCK_PREFIX + job);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return c;
                    }
                }
            }
            c.close();
            return null;
        } catch (SQLException e) {
            throw Transactions.translate(e);
        }
    }

    private static void release(Connection ownership) {
        try (ownership;
                Statement st = ownership.createStatement()) {
            st.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            // closing the connection ends the session's locks as well
        }
    }

    private void recordJob(UUID job, UUID roomId, String staging, String bucket, String prefix) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.import_jobs"
                    + " (id, room_id, staging_schema, bucket, key_prefix, owner_pid) VALUES (?, ?, ?, ?, ?, ?)")) {
                st.setObject(1, job);
                st.setObject(2, roomId);
                st.setString(3, staging);
                st.setString(4, bucket);
                st.setString(5, prefix);
                st.setLong(6, ProcessHandle.current().pid());
                st.executeUpdate();
            }
            return null;
        });
    }

    private void cleanUp(UUID job, UUID roomId, String staging, String bucket, String prefix) {
        try {
            shards.undo(job, roomId); // an import into a new shard: the shard and its hidden entry
            Transactions.inTransaction(global, c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(staging) + " CASCADE");
                }
                return null;
            });
            if (!prefix.isEmpty()) {
                store.deleteAll(bucket, prefix);
            }
            Transactions.inTransaction(global, c -> {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM mesh.import_jobs WHERE id = ?")) {
                    st.setObject(1, job);
                    st.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("cleaning up import {} failed; the next start retries: {}", staging, e.getMessage());
        }
    }

    /**
     * Loads COPY rows into the staging schema and uploads media under the new room's prefix. Once db.sql is loaded it
     * starts the signature check and the translation (its own transaction, left open) while the media still stream.
     */
    private final class StagingSink implements BundleScan.Sink {
        private final String bundleName;
        private final String staging;
        private final String bucket;
        private final UUID roomId;
        private final ImportOptions options;
        private final UUID job;
        private MediaUploads uploads;
        /** When db.sql was loaded (System.nanoTime()), for the import's log line. */
        private long loaded;
        /** The room's new shard when the import goes straight into one (known once db.sql is loaded); else null. */
        private ShardLocation shard;
        /** The new shard being provisioned while db.sql loads into staging; null when the import goes to no shard. */
        private CompletableFuture<ShardLocation> provisioning;

        /** The load's connections, one per COPY at once. */
        private final List<Connection> connections = new ArrayList<>();
        /** Staging tables of this build's version: no keys on the messages (set from metadata.json). */
        private boolean bareStaging;

        private StagingCopy active;
        private StagedSignatures signatures;
        private PendingTranslation translation;
        private LinkRewriter links;
        /** Set by the translation's thread; read after its commit. */
        private volatile ImportTranslation translator;

        StagingSink(String bundleName, String staging, String bucket, UUID roomId, ImportOptions options, UUID job) {
            this.bundleName = bundleName;
            this.staging = staging;
            this.bucket = bucket;
            this.roomId = roomId;
            this.options = options;
            this.job = job;
        }

        @Override
        public void metadata(BundleMetadata metadata) {
            // an instance whose every import goes into a shard (shardFrom 0) decides as a request asking for one
            Boolean asked = options.sharded() == null && shardFrom == 0 ? Boolean.TRUE : options.sharded();
            boolean intoShard;
            if (asked != null) {
                intoShard = asked;
                if (intoShard && freeTier != null) {
                    freeTier.admitNewShard(
                            bundleName,
                            metadata.dbSql().size()
                                    + metadata.media().stream()
                                            .mapToLong(BundleMetadata.MediaFile::size)
                                            .sum());
                }
            } else {
                // by size: a big room into a shard of its own, unless this instance holds shards to its free tier
                // (the room would be paused once over it: only a request that asks gets one there)
                intoShard = metadata.counts() != null
                        && metadata.counts().messages() >= shardFrom
                        && (freeTier == null || !freeTier.tier().enforced());
            }
            if (intoShard && !provisionBeside) {
                shard = shards.prepare(job, roomId, metadata);
                uploads = new MediaUploads(store, shard.bucket(), UPLOAD_THREADS, UPLOAD_BUFFER);
            } else if (intoShard) {
                // provisioned beside the load of db.sql into staging; the rows and media need it only after that
                provisioning = new CompletableFuture<>();
                Thread provisioner = new Thread(
                        () -> {
                            try {
                                provisioning.complete(shards.prepare(job, roomId, metadata));
                            } catch (Throwable e) {
                                provisioning.completeExceptionally(e);
                            }
                        },
                        "mesh-import-shard");
                provisioner.setDaemon(true);
                provisioner.start();
            } else {
                uploads = new MediaUploads(store, bucket, UPLOAD_THREADS, UPLOAD_BUFFER);
            }
            boolean current = metadata.schemaVersion() == Migrations.ROOM_SCHEMA_VERSION;
            bareStaging = current;
            if (current) {
                // no migration follows, so COPY loads bare tables shaped as this instance's own (the global schema
                // holds the room set at this version): columns, defaults and checks; no indexes, and no keys but
                // the media's (ImportTranslation checks for repeated message ids); no WAL (staging is thrown away
                // after a crash anyway). This needs no Flyway, which a fresh process would load for most of a second.
                Transactions.inTransaction(global, c -> {
                    try (Statement st = c.createStatement()) {
                        String s = Identifiers.quote(staging);
                        st.execute("CREATE SCHEMA " + s);
                        String like = " INCLUDING DEFAULTS INCLUDING CONSTRAINTS";
                        st.execute("CREATE UNLOGGED TABLE " + s + ".messages (LIKE " + Migrations.GLOBAL_SCHEMA
                                + ".messages" + like + ")");
                        // the media keep their keys (db/room V1): a repeated media id or object key is refused by
                        // name while loading, as a fault of the bundle
                        st.execute("CREATE UNLOGGED TABLE " + s + ".media (LIKE " + Migrations.GLOBAL_SCHEMA + ".media"
                                + like + ", PRIMARY KEY (id), UNIQUE (room_id, object_key))");
                    }
                    return null;
                });
            } else {
                // an older bundle's tables as that version created them, for the migrations that follow; pg_dump
                // writes media before messages and adds foreign keys after the data (ImportTranslation checks them)
                Migrations.migrateRoomSchema(global, staging, Integer.toString(metadata.schemaVersion()));
                Transactions.inTransaction(global, c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("ALTER TABLE " + Identifiers.quote(staging)
                                + ".media DROP CONSTRAINT IF EXISTS media_message_id_fkey");
                    }
                    return null;
                });
            }
            if (!intoShard) {
                store.ensureBucket(bucket);
            }
        }

        /** Ends the import now if the shard's provisioning has failed, rather than after the whole of db.sql. */
        private void stopIfProvisioningFailed() {
            if (provisioning != null && provisioning.isCompletedExceptionally()) {
                awaitShard();
            }
        }

        /** Waits for the new shard being provisioned, if any; its failure is the import's. */
        private void awaitShard() {
            if (provisioning == null || shard != null) {
                return;
            }
            try {
                shard = provisioning.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            uploads = new MediaUploads(store, shard.bucket(), UPLOAD_THREADS, UPLOAD_BUFFER);
        }

        @Override
        public void databaseLoaded(BundleMetadata metadata) {
            closeConnection();
            awaitShard();
            loaded = System.nanoTime();
            if (metadata.schemaVersion() != Migrations.ROOM_SCHEMA_VERSION) {
                Migrations.migrateRoomSchema(global, staging);
            }
            links = new LinkRewriter(
                    LinkRewriter.hostsOf(metadata, extraSourceHosts),
                    metadata.media().stream()
                            .map(BundleMetadata.MediaFile::key)
                            .collect(java.util.stream.Collectors.toSet()),
                    roomId);
            if (options.signatures() != ImportOptions.SignatureCheck.NONE) {
                signatures = StagedSignatures.start(global, staging, metadata, options.signatures());
            }
            LinkRewriter l = links;
            ImportTranslation.ShardTarget target = shard == null
                    ? null
                    : new ImportTranslation.ShardTarget(shard, shards.server(shard), shards.onGlobalServer(shard));
            translation = PendingTranslation.start(
                    global,
                    c -> {
                        translator = new ImportTranslation(c, staging, metadata, roomId, l, json, target);
                        return translator;
                    },
                    options,
                    (t, sha) -> t.complete(options, sha, job));
        }

        @Override
        public DbSqlReader.CopyTarget copyTarget() {
            return (table, columns) -> {
                // the messages, most of db.sql, through two COPYs at once: into a staging table without keys (this
                // version's; an older version's has its primary key, which two COPYs could wait on each other for),
                // with a second connection free now (it is an extra: no waiting for one). The media: one COPY.
                int copies = RoomTables.MESSAGES.equals(table)
                                && bareStaging
                                && PoolState.freeConnections(global) >= messageCopies - connections.size()
                        ? messageCopies
                        : 1;
                String sql = "COPY " + Identifiers.quote(staging) + "." + Identifiers.quote(table) + " ("
                        + String.join(
                                ", ", columns.stream().map(Identifiers::quote).toList()) + ") FROM STDIN";
                try {
                    while (connections.size() < copies) {
                        connections.add(global.getConnection());
                    }
                    // cancelled on close while a COPY is under way; once ended, cancelling it does nothing
                    active = StagingCopy.open(
                            connections.subList(0, copies),
                            sql,
                            this::stopIfProvisioningFailed,
                            e -> refused(table, e));
                    return active;
                } catch (SQLException e) {
                    throw Transactions.translate(e);
                }
            };
        }

        private MeshException refused(String table, SQLException e) {
            String detail = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
            return BundleException.invalid(
                    "db.sql", "the COPY data of " + table + " was refused by PostgreSQL (" + detail + ")");
        }

        @Override
        public void media(BundleMetadata.MediaFile file, InputStream content) {
            // a room's own bucket holds its keys as they are; the shared bucket under the room's id
            String key = shard != null ? file.key() : media.sharedStorageKey(roomId, file.key());
            uploads.upload(key, content, file.size(), file.contentType());
        }

        /** Waits for the uploads under way (so a clean-up sees every object) and releases the COPY connection. */
        void closeUploads() {
            if (uploads != null) {
                uploads.close();
            }
            closeConnection();
        }

        /**
         * The import failed: waits for the shard's provisioning to end (its clean-up finds what it made), rolls the
         * translation back and stops the signature check, so clean-up can drop staging.
         */
        void abort() {
            if (provisioning != null) {
                provisioning
                        .handle((made, failure) -> {
                            if (failure != null) {
                                LOG.warn(
                                        "room {}: its new shard could not be provisioned: {}",
                                        roomId,
                                        failure.toString());
                            }
                            return made;
                        })
                        .join();
            }
            closeUploads();
            if (translation != null) {
                translation.abort();
            }
            if (signatures != null) {
                signatures.close();
            }
        }

        private void closeConnection() {
            if (active != null) {
                active.cancel();
                active = null;
            }
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // returned to the pool either way
                }
            }
            connections.clear();
        }
    }
}
