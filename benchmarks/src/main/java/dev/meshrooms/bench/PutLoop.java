package dev.meshrooms.bench;

import dev.meshrooms.core.media.MediaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The standard tools' way of copying media into a store, as there is no {@code aws} CLI here: every regular file
 * under a directory, put with its relative path as key by a fixed number of threads, each file streamed from disk
 * through the same S3 client (AWS SDK v2 via {@link dev.meshrooms.core.media.s3.S3MediaStore}) the core uses, retried
 * like the importer's uploads ({@link StorePuts}).
 */
final class PutLoop {
    private PutLoop() {}

    static Map<String, Object> run(MediaStore store, String bucket, Path dir, int threads) throws Exception {
        long start = System.nanoTime();
        store.ensureBucket(bucket);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        AtomicLong bytes = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = files.stream()
                    .<Future<?>>map(f -> pool.submit(() -> {
                        try {
                            long size = Files.size(f);
                            StorePuts.put(
                                    store,
                                    bucket,
                                    dir.relativize(f).toString(),
                                    () -> Files.newInputStream(f),
                                    size,
                                    MediaObjects.CONTENT_TYPE,
                                    retries);
                            bytes.addAndGet(size);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }))
                    .toList();
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return Map.of(
                "seconds",
                (System.nanoTime() - start) / 1e9,
                "files",
                files.size(),
                "bytes",
                bytes.get(),
                "retries",
                retries.get());
    }
}
