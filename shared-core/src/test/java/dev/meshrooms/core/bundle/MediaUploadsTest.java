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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
            assertThatThrownBy(uploads::await)
                    .isInstanceOf(MeshException.class)
                    .extracting(e -> ((MeshException) e).code())
                    .isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        }
        assertThat(store.attempts).hasValue(MediaUploads.ATTEMPTS);
    }

    @Test
    @DisplayName("uploads are parallel and bounded: at most `threads` puts at once, at most maxBuffered bytes held")
    void bounded() throws Exception {
        GatedStore store = new GatedStore();
        Thread importer;
        AtomicInteger handedOver = new AtomicInteger();
        try (MediaUploads uploads = new MediaUploads(store, "bucket", 2, 1000)) {
            importer = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    uploads.upload(
                            "room/" + i + ".bin",
                            new ByteArrayInputStream(new byte[300]),
                            300,
                            "application/octet-stream");
                    handedOver.incrementAndGet();
                }
            });
            importer.start();
            assertThat(store.twoActive.await(10, TimeUnit.SECONDS))
                    .as("two puts at once")
                    .isTrue();
            Thread.sleep(200); // time for a third put or a fourth file, were they allowed
            assertThat(store.active).as("puts at once, 2 threads").hasValue(2);
            assertThat(handedOver)
                    .as("files held: 3 of 300 bytes fit in 1000; the 4th waits")
                    .hasValue(3);
            store.gate.countDown();
            importer.join(10_000);
            uploads.await();
        }
        assertThat(handedOver).hasValue(10);
        assertThat(store.objects).hasSize(10);
        assertThat(store.maxActive).hasValue(2);
    }

    /** Holds every put at a gate until the test opens it, counting the puts under way. */
    private static final class GatedStore extends FlakyStore {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch twoActive = new CountDownLatch(2);
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();

        GatedStore() {
            super(0);
        }

        @Override
        public void put(String bucket, String key, InputStream content, long size, String contentType) {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            twoActive.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.put(bucket, key, content, size, contentType);
            active.decrementAndGet();
        }
    }

    /** Fails the first {@code failures} puts the way S3MediaStore does when the SDK cannot replay the stream. */
    private static class FlakyStore implements MediaStore {
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
                    throw new MeshException(
                            ErrorCode.STORE_UNAVAILABLE,
                            "uploading " + key + " failed and the data cannot" + " be replayed; try again");
                }
                objects.put(key, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void ensureBucket(String bucket) {}

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
        public void ping() {}
    }
}
