package dev.meshrooms.core.bundle;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MediaItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads an export's media one after the other on a thread of its own, ahead of the archive, into a few reused blocks
 * (objects packed one after the other, a large one spread over several), checking each object's size and SHA-256 as
 * it goes; the archive copies the bytes out of the blocks in the same order ({@link #transferNext}). Meant for a store
 * on this machine's disk: reading and hashing (about 0.8 s of CPU per GB) run beside the archive's own work (tar,
 * zstd, writing out) instead of in turn with it. At most {@code blocks × blockSize} bytes are held; a block goes
 * back to the reader once the archive has copied it.
 */
final class MediaReadAhead implements AutoCloseable {
    static final int BLOCK_SIZE = 4 << 20;
    static final int BLOCKS = 4;

    /** Opens an object of the store for reading. */
    interface Opener {
        InputStream open(MediaItem item) throws IOException;
    }

    /** Bytes of one object in a block; {@code end} marks the object's last one, with the failure found, if any. */
    private record Segment(int item, int offset, int length, boolean end, MeshException failure) {}

    private record Block(byte[] bytes, List<Segment> segments) {}

    private final List<MediaItem> items;
    private final Opener opener;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Block> filled;
    private final Thread reader;
    private final MessageDigest sha = Hashing.sha256();
    private volatile Throwable crash;
    private Block current;
    private int nextSegment;

    MediaReadAhead(List<MediaItem> items, Opener opener) {
        this(items, opener, BLOCKS, BLOCK_SIZE);
    }

    MediaReadAhead(List<MediaItem> items, Opener opener, int blocks, int blockSize) {
        this.items = items;
        this.opener = opener;
        this.free = new ArrayBlockingQueue<>(blocks);
        this.filled = new ArrayBlockingQueue<>(blocks);
        for (int i = 0; i < blocks; i++) {
            free.add(new byte[blockSize]);
        }
        this.reader = new Thread(this::readAll, "mesh-export-read");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Writes the bytes of object {@code index} (the next one: objects are taken in list order) to {@code out}, or
     * throws the failure the reader found for it (unreadable, another size, another SHA-256) before its last bytes.
     */
    void transferNext(int index, OutputStream out) throws IOException {
        while (true) {
            if (current == null || nextSegment == current.segments().size()) {
                if (current != null) {
                    free.add(current.bytes());
                }
                current = take();
                nextSegment = 0;
            }
            Segment s = current.segments().get(nextSegment++);
            if (s.item() != index) {
                throw new IllegalStateException("media taken out of order: " + index + " asked, " + s.item() + " read");
            }
            if (s.length() > 0) {
                out.write(current.bytes(), s.offset(), s.length());
            }
            if (s.end()) {
                if (s.failure() != null) {
                    throw s.failure();
                }
                return;
            }
        }
    }

    private Block take() {
        try {
            while (true) {
                Block block = filled.poll(100, TimeUnit.MILLISECONDS);
                if (block != null) {
                    return block;
                }
                if (!reader.isAlive() && filled.isEmpty()) {
                    throw new MeshException(
                            ErrorCode.INTERNAL,
                            "the export's media reader stopped unexpectedly: " + crash + "; export aborted",
                            crash);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "interrupted while exporting media");
        }
    }

    private void readAll() {
        try {
            Filling block = new Filling(free.take());
            for (int i = 0; i < items.size(); i++) {
                MeshException failure = read(i, block);
                block.segments.add(new Segment(i, block.used, 0, true, failure));
                if (failure != null) {
                    break; // the archive stops at this object: nothing after it is needed
                }
            }
            filled.put(block.done());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: the archive is not taking any more
        } catch (RuntimeException | Error e) {
            crash = e;
            throw e;
        }
    }

    /** Reads object {@code index} into blocks, handing each full one over; returns what is wrong with it, or null. */
    private MeshException read(int index, Filling block) throws InterruptedException {
        MediaItem item = items.get(index);
        MessageDigest sha = this.sha; // one per reader, reset by each digest() (and by reset() after a failure)
        sha.reset();
        long total = 0;
        try (InputStream in = opener.open(item)) {
            while (true) {
                if (block.used == block.bytes.length) {
                    filled.put(block.done());
                    block.restart(free.take());
                }
                // one byte beyond the recorded size is asked for, to tell a longer object from one of the right size
                int want = (int) Math.min(block.bytes.length - block.used, item.size() - total + 1);
                int n = in.read(block.bytes, block.used, want);
                if (n < 0) {
                    break;
                }
                if (total + n > item.size()) {
                    return StoredMediaCheck.otherSize(item, total + n, true);
                }
                sha.update(block.bytes, block.used, n);
                block.segments.add(new Segment(index, block.used, n, false, null));
                block.used += n;
                total += n;
            }
        } catch (MeshException e) {
            return e; // the store's own sentence (a missing object, say)
        } catch (IOException | RuntimeException e) {
            return new MeshException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "media " + item.objectKey() + " could not be read from the" + " store: " + e.getMessage()
                            + "; export aborted",
                    e);
        }
        if (total != item.size()) {
            return StoredMediaCheck.otherSize(item, total, false);
        }
        if (!Arrays.equals(sha.digest(), item.sha256())) {
            return StoredMediaCheck.otherHash(item);
        }
        return null;
    }

    /** The block the reader is filling. */
    private static final class Filling {
        private byte[] bytes;
        private int used;
        private List<Segment> segments = new ArrayList<>();

        Filling(byte[] bytes) {
            this.bytes = bytes;
        }

        Block done() {
            return new Block(bytes, segments);
        }

        void restart(byte[] fresh) {
            bytes = fresh;
            used = 0;
            segments = new ArrayList<>();
        }
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
