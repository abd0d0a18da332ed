package dev.meshrooms.core.testing;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.media.s3.LocalFilesMediaStore;
import dev.meshrooms.core.media.s3.S3MediaStore;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.shard.ShardSettings;
import dev.meshrooms.core.shard.ShardStorage;
import dev.meshrooms.core.shard.aws.AwsShardStorage;
import dev.meshrooms.core.signature.KeyVault;
import java.util.List;

/** A whole core on a fresh database and the shared test S3 store. */
public final class TestMesh {
    private TestMesh() {}

    public static MeshCore start() {
        return start(TestPostgres.newDatabase(), List.of(), CoreSettings.DEFAULT_POOL_SIZE);
    }

    public static MeshCore start(DatabaseServer global, List<DatabaseServer> shards, int poolSize) {
        return MeshCore.start(settings(global, shards, poolSize), new S3MediaStore(TestS3.settings()));
    }

    /** A core whose rooms' own buckets and keys are made in {@code shardStorage} (closed with the core). */
    public static MeshCore start(DatabaseServer global, List<DatabaseServer> shards, ShardStorage shardStorage) {
        return MeshCore.start(
                settings(global, shards, CoreSettings.DEFAULT_POOL_SIZE),
                new S3MediaStore(TestS3.settings()),
                shardStorage);
    }

    /**
     * A core that reads media as Mesh-Lite does on its embedded store: from the object files themselves
     * ({@link LocalFilesMediaStore}), everything else through the S3 API.
     */
    public static MeshCore startReadingObjectFiles() {
        S3MediaStore api = new S3MediaStore(TestS3.settings());
        return MeshCore.start(
                settings(TestPostgres.newDatabase(), List.of(), CoreSettings.DEFAULT_POOL_SIZE),
                new LocalFilesMediaStore(api, TestS3.objects()),
                AwsShardStorage.connect(api.settings(), ShardSettings.defaults()));
    }

    private static CoreSettings settings(DatabaseServer global, List<DatabaseServer> shards, int poolSize) {
        return settingsBuilder(global, shards, poolSize).build();
    }

    /** The settings {@link #start(DatabaseServer, List, int)} uses, for a test that restarts a core on the same data. */
    public static CoreSettings.Builder settingsBuilder(
            DatabaseServer global, List<DatabaseServer> shards, int poolSize) {
        return CoreSettings.builder()
                .global(global)
                .shardServers(shards)
                .poolSize(poolSize)
                .masterKey(KeyVault.newMasterKey())
                .mediaBucket("mesh-test-" + Long.toHexString(System.nanoTime()));
    }

    /** A core on explicit settings and the shared test S3 store. */
    public static MeshCore start(CoreSettings settings) {
        return MeshCore.start(settings, new S3MediaStore(TestS3.settings()));
    }
}
