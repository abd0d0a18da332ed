package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Media uploads of an import")
class MediaUploadsTest {

    @Test
    @DisplayName("a buffered upload whose connection dropped is sent again from memory")
    void retriesBufferedUploads() {
        FlakyStore store = new FlakyStore(2);
        try (MediaUploads uploads = new MediaUploads(store, "bucket", 2, 1 << 20)) {
            uploads.upload("room/a.bin", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "application/octet-stream");
            uploads.await();
        }
        assertThat(store.objects).containsKey("room/a.bin");
        assertThat(store.objects.get("room/a.bin")).containsExactly(1, 2, 3);
        assertThat(store.attempts).hasValue(3);
    }

    @Test
    @DisplayName("a store that keeps failing fails the upload after a few attempts")
    void givesUp() {
        FlakyStore store = new FlakyStore(Integer.MAX_VALUE);
        try (MediaUploads uploads = new MediaUploads(store, "bucket", 2, 1 << 20)) {
            uploads.upload("room/a.bin", new ByteArrayInputStream(new byte[] {1}), 1, "application/octet-stream");
            assertThatThrownBy(uploads::await).isInstanceOf(MeshException.class)
                    .extracting(e -> ((MeshException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        }
        assertThat(store.attempts).hasValue(MediaUploads.ATTEMPTS);
    }

    /** Fails the first {@code failures} puts the way S3MediaStore does when the SDK cannot replay the stream. */
    private static final class FlakyStore implements MediaStore {
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        final AtomicInteger attempts = new AtomicInteger();
        private final int failures;

        FlakyStore(int failures) {
            this.failures = failures;
        }

        @Override
        public void put(String bucket, String key, InputStream content, long size, String contentType) {
            try {
                byte[] bytes = content.readAllBytes();
                if (attempts.incrementAndGet() <= failures) {
                    throw new MeshException(ErrorCode.STORE_UNAVAILABLE, "uploading " + key + " failed and the data cannot"
                            + " be replayed; try again");
                }
                objects.put(key, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void ensureBucket(String bucket) {
        }

        @Override
        public InputStream open(String bucket, String key) {
            return new ByteArrayInputStream(objects.get(key));
        }

        @Override
        public boolean exists(String bucket, String key) {
            return objects.containsKey(key);
        }

        @Override
        public void delete(String bucket, String key) {
            objects.remove(key);
        }

        @Override
        public List<String> list(String bucket, String prefix) {
            return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        }

        @Override
        public int deleteAll(String bucket, String prefix) {
            List<String> keys = list(bucket, prefix);
            keys.forEach(objects::remove);
            return keys.size();
        }

        @Override
        public URI presignedGet(String bucket, String key, Duration validFor) {
            return URI.create("http://store.invalid/" + key);
        }

        @Override
        public void ping() {
        }
    }
}
