package dev.meshrooms.bench;

import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.RoomMedia;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.store.RoomSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The reference room's media: random (incompressible) bytes of ~mediaBytes/count each, uploaded in parallel to the
 * room's bucket through the core's {@link MediaStore}, written beside as {@code <root>/media/<key>} for the standard
 * tools' tar, and recorded with their SHA-256 by COPY into the room's media table (each attached to a message).
 */
final class MediaObjects {
    static final String CONTENT_TYPE = "application/octet-stream";
    private static final HexFormat HEX = HexFormat.of();
    private static final AtomicLong RETRIES = new AtomicLong();

    private MediaObjects() {}

    /** @return the total bytes written */
    static long load(
            MediaStore store,
            RoomMedia media,
            Room room,
            DataSource db,
            String schema,
            BundleBenchOptions o,
            Path root,
            PrintStream log)
            throws SQLException, InterruptedException {
        int count = o.media();
        long mean = o.mediaBytes() / Math.max(1, count);
        String bucket = media.bucketFor(room);
        store.ensureBucket(bucket);
        byte[][] rows = new byte[count][];
        AtomicLong total = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(o.uploadThreads());
        try {
            Future<?>[] tasks = new Future<?>[count];
            for (int i = 0; i < count; i++) {
                int index = i;
                tasks[i] = pool.submit(() -> {
                    rows[index] = one(store, media, room, bucket, o, mean, index, root, total);
                    long n = done.incrementAndGet();
                    if (n % Math.max(1, count / 10) == 0) {
                        log.printf(
                                "  media: %,d of %,d uploaded (%.0f/s)%n",
                                n, count, n / ((System.nanoTime() - start) / 1e9));
                    }
                    return null;
                });
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("generating the reference media failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        String sql = "COPY " + schema + ".media (" + String.join(", ", RoomSnapshot.MEDIA_COLUMNS) + ") FROM STDIN";
        try (Connection c = db.getConnection()) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            for (byte[] row : rows) {
                copy.writeToCopy(row, 0, row.length);
            }
            copy.endCopy();
        }
        if (RETRIES.get() > 0) {
            log.printf("  media: %d uploads retried (the store dropped the connection)%n", RETRIES.get());
        }
        return total.get();
    }

    private static byte[] one(
            MediaStore store,
            RoomMedia media,
            Room room,
            String bucket,
            BundleBenchOptions o,
            long mean,
            int index,
            Path root,
            AtomicLong total) {
        SplittableRandom r = Generated.random(o.seed(), Generated.MEDIA, index);
        int size = (int) Math.max(1, mean / 2 + r.nextLong(mean + 1));
        byte[] bytes = new byte[size];
        r.nextBytes(bytes);
        UUID id = Generated.uuid(o.seed(), Generated.MEDIA, index);
        String key = id + "/file-" + index + ".bin";
        StorePuts.put(
                store,
                bucket,
                media.storageKey(room, key),
                () -> new ByteArrayInputStream(bytes),
                size,
                CONTENT_TYPE,
                RETRIES);
        try {
            Path file = root.resolve("media").resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        total.addAndGet(size);
        UUID messageId = MessageRows.id(o.seed(), (long) index * o.messages() / Math.max(1, o.media()));
        // id, room_id, message_id, object_key, url, content_type, size, sha256, width, height (none: not pictures)
        String line = id + "\t" + room.id() + "\t" + messageId + "\t" + key + "\t" + RoomMedia.localPath(room.id(), key)
                + "\t" + CONTENT_TYPE + "\t" + size + "\t\\\\x" + HEX.formatHex(sha256(bytes)) + "\t\\N\t\\N\n";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
