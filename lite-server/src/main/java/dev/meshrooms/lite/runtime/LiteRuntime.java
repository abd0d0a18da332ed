package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.s3.LocalFilesMediaStore;
import dev.meshrooms.core.media.s3.S3MediaStore;
import dev.meshrooms.core.media.s3.S3Settings;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.shard.aws.AwsShardStorage;
import dev.meshrooms.lite.config.LiteSettings;
import dev.meshrooms.lite.http.upload.BundleSpool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Mesh-Lite runs on: PostgreSQL and the S3 store (embedded under the data directory, or external when
 * configured) and the core on top. The first process on a data directory starts the embedded services; later ones
 * (a CLI command while the server runs) attach to them.
 */
public final class LiteRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiteRuntime.class);
    private final LiteSettings settings;
    private final DataDirectory dataDir;
    private final List<AutoCloseable> resources;
    private final Optional<InstanceLock> lock;
    private final InstanceInfo instance;
    private final MeshCore core;
    private final S3Settings storeSettings;
    private final PrometheusMeterRegistry meters;
    private BundleSpool spool;

    private LiteRuntime(
            LiteSettings settings,
            DataDirectory dataDir,
            List<AutoCloseable> resources,
            Optional<InstanceLock> lock,
            InstanceInfo instance,
            MeshCore core,
            S3Settings storeSettings,
            PrometheusMeterRegistry meters) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.resources = resources;
        this.lock = lock;
        this.instance = instance;
        this.core = core;
        this.storeSettings = storeSettings;
        this.meters = meters;
    }

    public static LiteRuntime start(LiteSettings settings) {
        return start(settings, true);
    }

    /**
     * @param migrateShards whether the core brings every shard schema to the current room version first (always, but
     *                      for {@code migrate --dry-run}, which only looks)
     */
    public static LiteRuntime start(LiteSettings settings, boolean migrateShards) {
        long started = System.nanoTime();
        long[] pgMillis = {0};
        long[] s3Millis = {0};
        long[] bucketMillis = {0};
        CompletableFuture<Void> bucket = CompletableFuture.completedFuture(null);
        DataDirectory dir = new DataDirectory(settings.dataDir());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<AutoCloseable> resources = new ArrayList<>();
        boolean embeddedDb = settings.externalDatabase() == null;
        boolean embeddedStore = settings.externalStore() == null;
        Optional<InstanceLock> lock = Optional.empty();
        InstanceInfo instance = new InstanceInfo(ProcessHandle.current().pid(), 0, 0, 0);
        Properties s3Credentials = embeddedStore ? dir.s3Credentials() : null;
        DatabaseSecrets dbSecrets = embeddedDb ? dir.databaseSecrets() : null;
        try {
            if (embeddedDb || embeddedStore) {
                lock = InstanceLock.tryAcquire(dir);
                if (lock.isPresent()) {
                    int pgPort = 0;
                    int s3Port = 0;
                    // the S3 store starts beside PostgreSQL: neither needs the other, and both take a while
                    CompletableFuture<EmbeddedS3Server> s3Start = embeddedStore
                            ? CompletableFuture.supplyAsync(
                                    () -> timed(s3Millis, () -> EmbeddedS3Server.start(dir.objects(), s3Credentials)),
                                    LiteRuntime::startThread)
                            : CompletableFuture.completedFuture(null);
                    RuntimeException pgFailure = null;
                    if (embeddedDb) {
                        try {
                            EmbeddedPostgresServer pg = timed(
                                    pgMillis,
                                    () -> EmbeddedPostgresServer.start(
                                            dir.postgres(),
                                            dir.logs().resolve("postgres.log"),
                                            settings.cacheDir().resolve("postgres"),
                                            dbSecrets,
                                            settings.durableDatabase()));
                            resources.add(0, pg);
                            pgPort = pg.port();
                        } catch (RuntimeException e) {
                            pgFailure = e;
                        }
                    }
                    EmbeddedS3Server s3 = await(s3Start);
                    if (s3 != null) {
                        resources.add(0, s3);
                        s3Port = s3.port();
                    }
                    if (pgFailure != null) {
                        throw pgFailure;
                    }
                    instance = new InstanceInfo(ProcessHandle.current().pid(), pgPort, s3Port, 0);
                    lock.get().publish(instance);
                } else {
                    instance = InstanceLock.readPublished(dir);
                    LOG.info("attached to the services of process {} on {}", instance.pid(), dir.root());
                }
            }
            DatabaseServer global = embeddedDb
                    ? EmbeddedPostgresServer.server(instance.postgresPort(), dbSecrets.appPassword())
                    : settings.externalDatabase();
            S3Settings store = embeddedStore
                    ? EmbeddedS3Server.settings(instance.s3Port(), s3Credentials)
                    : settings.externalStore();
            S3MediaStore s3Api = new S3MediaStore(store);
            // the embedded store's objects are files in the data directory: reads (exports) go to them directly
            MediaStore mediaStore = embeddedStore ? new LocalFilesMediaStore(s3Api, dir.objects()) : s3Api;
            resources.add(0, s3Api);
            // the bucket check (the S3 client's first request) runs beside the core's start (pools, Flyway)
            bucket = CompletableFuture.runAsync(
                    () -> timed(bucketMillis, () -> {
                        mediaStore.ensureBucket(settings.mediaBucket());
                        return null;
                    }),
                    LiteRuntime::startThread);
            CoreSettings core = CoreSettings.builder()
                    .global(global)
                    .shardServers(settings.shardServers())
                    .poolSize(settings.poolSize())
                    .maxShardPools(settings.maxShardPools())
                    .masterKey(dir.masterKey(settings.masterKeyBase64()))
                    .mediaBucket(settings.mediaBucket())
                    .importSourceHosts(settings.importSourceHosts())
                    .fenceBudget(settings.fenceBudget())
                    .meters(meters)
                    .migrateShardsAtStart(migrateShards)
                    .pushLimits(settings.pushLimits())
                    .importShardFrom(settings.importShardFrom())
                    .usage(settings.usage())
                    .freeTier(settings.freeTier())
                    .billing(settings.billing())
                    .build();
            MeshCore mesh = MeshCore.start(core, mediaStore, AwsShardStorage.connect(store, settings.roomShards()));
            resources.add(0, mesh);
            await(bucket);
            int abandoned = mesh.importer().cleanUpAbandoned();
            if (abandoned > 0) {
                LOG.warn("cleaned up {} import(s) left unfinished by a process that stopped mid-way", abandoned);
            }
            LOG.info(
                    "local services ready in {} ms (PostgreSQL {} ms, S3 store {} ms beside it, bucket {} ms beside the core)",
                    (System.nanoTime() - started) / 1_000_000,
                    pgMillis[0],
                    s3Millis[0],
                    bucketMillis[0]);
            return new LiteRuntime(settings, dir, resources, lock, instance, mesh, store, meters);
        } catch (RuntimeException e) {
            bucket.handle((done, failed) -> null).join();
            closeAll(resources);
            lock.ifPresent(InstanceLock::close);
            throw e;
        }
    }

    /** The folder pushed bundles upload into; imports of them read it from now on. */
    public synchronized BundleSpool bundleSpool() {
        if (spool == null) {
            spool = new BundleSpool(dataDir.uploads(), core.bundleUploads());
            core.imports().useUploads(spool);
        }
        return spool;
    }

    public MeshCore core() {
        return core;
    }

    public LiteSettings settings() {
        return settings;
    }

    public DataDirectory dataDir() {
        return dataDir;
    }

    public S3Settings storeSettings() {
        return storeSettings;
    }

    /** The metrics registry the core's pools report to and {@code GET /metrics} serves. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** True when another process owns the embedded services and this one only attached to them. */
    public boolean attached() {
        return lock.isEmpty() && (settings.externalDatabase() == null || settings.externalStore() == null);
    }

    /** The port of the embedded PostgreSQL this runtime uses (0 when external). */
    public int postgresPort() {
        return instance.postgresPort();
    }

    /**
     * The address of the Mesh-Lite server that serves this data directory, when this runtime attached to a running
     * one that listens for HTTP; empty when no server runs (or only a command does).
     */
    public Optional<String> servingUrl() {
        return attached() && instance.httpPort() > 0
                ? Optional.of(settings.baseUrl(instance.httpPort()))
                : Optional.empty();
    }

    /** Tells other processes on this data directory where the HTTP server listens. */
    public void publishHttpPort(int port) {
        lock.ifPresent(l -> l.publish(instance.withHttpPort(port)));
    }

    @Override
    public void close() {
        closeAll(resources);
        lock.ifPresent(InstanceLock::close);
    }

    private static Thread startThread(Runnable task) {
        Thread thread = new Thread(task, "mesh-lite-start");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static <T> T timed(long[] millis, Supplier<T> step) {
        long begin = System.nanoTime();
        try {
            return step.get();
        } finally {
            millis[0] = (System.nanoTime() - begin) / 1_000_000;
        }
    }

    /** The result of a step started beside this thread; its own exception (a MeshException, say) if it failed. */
    private static <T> T await(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
        resources.clear();
    }
}
