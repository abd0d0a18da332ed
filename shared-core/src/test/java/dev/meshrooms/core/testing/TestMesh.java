package dev.meshrooms.core.testing;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.media.S3MediaStore;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.signature.KeyVault;
import java.util.List;

/** A whole core on a fresh database and the shared test S3 store. */
public final class TestMesh {
    private TestMesh() {
    }

    public static MeshCore start() {
        return start(TestPostgres.newDatabase(), List.of(), CoreSettings.DEFAULT_POOL_SIZE);
    }

    public static MeshCore start(DatabaseServer global, List<DatabaseServer> shards, int poolSize) {
        CoreSettings settings = new CoreSettings(global, shards, poolSize, CoreSettings.DEFAULT_MAX_SHARD_POOLS,
                KeyVault.newMasterKey(), "mesh-test-" + Long.toHexString(System.nanoTime()), CoreSettings.DEFAULT_PRESIGN_TTL,
                List.of());
        return MeshCore.start(settings, new S3MediaStore(TestS3.settings()));
    }
}
