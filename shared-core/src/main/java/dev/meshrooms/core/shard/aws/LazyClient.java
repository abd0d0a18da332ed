package dev.meshrooms.core.shard.aws;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An AWS client built at its first use: a process that never provisions a shard (a command that exports, a Mesh-Lite
 * on its embedded store) does not pay for loading the SDK's clients at start.
 */
final class LazyClient<T extends SdkAutoCloseable> implements Supplier<T>, AutoCloseable {
    private final Supplier<T> build;
    private volatile T client;

    LazyClient(Supplier<T> build) {
        this.build = build;
    }

    @Override
    public T get() {
        T built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    try {
                        built = build.get();
                    } catch (SdkException | IllegalArgumentException | IllegalStateException e) {
                        throw new MeshException(
                                ErrorCode.STORE_UNAVAILABLE,
                                "An AWS client could not be made: " + e.getMessage()
                                        + " (check S3_ENDPOINT, AWS_REGION, the KMS and CloudWatch endpoints and the"
                                        + " credentials).",
                                e);
                    }
                    client = built;
                }
            }
        }
        return built;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
