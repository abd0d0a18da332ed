package dev.meshrooms.core.media.s3;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An AWS client built at its first use: a process that never makes a request (a command that exports from the
 * embedded store, a Mesh-Lite that never provisions a shard) does not pay for loading the SDK's clients at start. A
 * client that cannot be made is STORE_UNAVAILABLE, with what to check.
 */
public final class LazyClient<T extends SdkAutoCloseable> implements Supplier<T>, AutoCloseable {
    private final Supplier<T> build;
    private volatile T client;

    public LazyClient(Supplier<T> build) {
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
