package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.shard.aws.AwsShardStorage;
import dev.meshrooms.core.media.S3MediaStore;
import dev.meshrooms.core.media.S3Settings;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.lite.config.LiteSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
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

    private LiteRuntime(LiteSettings settings, DataDirectory dataDir, List<AutoCloseable> resources,
                        Optional<InstanceLock> lock, InstanceInfo instance, MeshCore core, S3Settings storeSettings) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.resources = resources;
        this.lock = lock;
        this.instance = instance;
        this.core = core;
        this.storeSettings = storeSettings;
    }

    public static LiteRuntime start(LiteSettings settings) {
        DataDirectory dir = new DataDirectory(settings.dataDir());
        List<AutoCloseable> resources = new ArrayList<>();
        boolean embeddedDb = settings.externalDatabase() == null;
        boolean embeddedStore = settings.externalStore() == null;
        Optional<InstanceLock> lock = Optional.empty();
        InstanceInfo instance = new InstanceInfo(ProcessHandle.current().pid(), 0, 0, 0);
        Properties s3Credentials = embeddedStore ? dir.s3Credentials() : null;
        try {
            if (embeddedDb || embeddedStore) {
                lock = InstanceLock.tryAcquire(dir);
                if (lock.isPresent()) {
                    int pgPort = 0;
                    int s3Port = 0;
                    if (embeddedDb) {
                        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.postgres());
                        resources.add(0, pg);
                        pgPort = pg.port();
                    }
                    if (embeddedStore) {
                        EmbeddedS3Server s3 = EmbeddedS3Server.start(dir.objects(), s3Credentials);
                        resources.add(0, s3);
                        s3Port = s3.port();
                    }
                    instance = new InstanceInfo(ProcessHandle.current().pid(), pgPort, s3Port, 0);
                    lock.get().publish(instance);
                } else {
                    instance = InstanceLock.readPublished(dir);
                    LOG.info("attached to the services of process {} on {}", instance.pid(), dir.root());
                }
            }
            DatabaseServer global = embeddedDb ? EmbeddedPostgresServer.server(instance.postgresPort()) : settings.externalDatabase();
            S3Settings store = embeddedStore ? EmbeddedS3Server.settings(instance.s3Port(), s3Credentials) : settings.externalStore();
            S3MediaStore mediaStore = new S3MediaStore(store);
            resources.add(0, mediaStore);
            CoreSettings core = new CoreSettings(global, settings.shardServers(), settings.poolSize(), settings.maxShardPools(),
                    dir.masterKey(settings.masterKeyBase64()), settings.mediaBucket(), CoreSettings.DEFAULT_PRESIGN_TTL,
                    settings.importSourceHosts());
            MeshCore mesh = MeshCore.start(core, mediaStore, AwsShardStorage.connect(store, settings.roomShards()));
            resources.add(0, mesh);
            mesh.mediaStore().ensureBucket(settings.mediaBucket());
            int abandoned = mesh.importer().cleanUpAbandoned();
            if (abandoned > 0) {
                LOG.warn("cleaned up {} import(s) left unfinished by a process that stopped mid-way", abandoned);
            }
            return new LiteRuntime(settings, dir, resources, lock, instance, mesh, store);
        } catch (RuntimeException e) {
            closeAll(resources);
            lock.ifPresent(InstanceLock::close);
            throw e;
        }
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

    /** True when another process owns the embedded services and this one only attached to them. */
    public boolean attached() {
        return lock.isEmpty() && (settings.externalDatabase() == null || settings.externalStore() == null);
    }

    /** The port of the embedded PostgreSQL this runtime uses (0 when external). */
    public int postgresPort() {
        return instance.postgresPort();
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
