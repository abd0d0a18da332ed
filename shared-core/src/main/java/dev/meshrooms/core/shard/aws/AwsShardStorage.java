package dev.meshrooms.core.shard.aws;

import dev.meshrooms.core.media.s3.LazyClient;
import dev.meshrooms.core.media.s3.S3Settings;
import dev.meshrooms.core.shard.ShardSettings;
import dev.meshrooms.core.shard.ShardStorage;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the {@link ShardStorage} on an S3-compatible store, with AWS KMS when {@link ShardSettings#kms()} says so. */
public final class AwsShardStorage {
    private AwsShardStorage() {}

    public static ShardStorage connect(S3Settings store, ShardSettings settings) {
        settings.validate();
        // each client is built at its first request: most processes never provision a shard
        LazyClient<S3Client> s3 = new LazyClient<>(() -> AwsClients.s3(store));
        LazyClient<KmsClient> kms =
                settings.kms() ? new LazyClient<>(() -> AwsClients.kms(store, settings.kmsEndpoint())) : null;
        LazyClient<software.amazon.awssdk.services.cloudwatch.CloudWatchClient> cloudWatch = settings.dashboards()
                ? new LazyClient<>(() -> AwsClients.cloudWatch(store, settings.cloudWatchEndpoint()))
                : null;
        CloudWatchRooms monitoring = cloudWatch == null
                ? null
                : new CloudWatchRooms(cloudWatch, AwsClients.region(store).id());
        boolean awsRegionalCreate = store.endpoint() == null;
        return new ShardStorage(
                new S3RoomBuckets(s3, awsRegionalCreate ? AwsClients.region(store) : null),
                kms == null ? null : new KmsRoomKeys(kms),
                monitoring,
                monitoring,
                settings,
                () -> {
                    s3.close();
                    if (kms != null) {
                        kms.close();
                    }
                    if (cloudWatch != null) {
                        cloudWatch.close();
                    }
                });
    }
}
