package dev.meshrooms.bench;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts with the importer's retry policy (up to 5 attempts, the content opened afresh each time): the in-process
 * S3 store now and then drops a connection during an aws-chunked PUT, and the core's one-shot streams cannot be replayed
 * by the SDK, so the benchmark's own uploads retry the same way the importer does.
 */
final class StorePuts {
    static final int ATTEMPTS = 5;

    /** Opens the content for one attempt. */
    interface Content {
        InputStream open() throws IOException;
    }

    private StorePuts() {}

    static void put(
            MediaStore store,
            String bucket,
            String key,
            Content content,
            long size,
            String contentType,
            AtomicLong retries) {
        for (int attempt = 1; ; attempt++) {
            try (InputStream in = content.open()) {
                store.put(bucket, key, in, size, contentType);
                return;
            } catch (MeshException e) {
                if (e.code() != ErrorCode.STORE_UNAVAILABLE || attempt >= ATTEMPTS) {
                    throw e;
                }
                retries.incrementAndGet();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
