package dev.meshrooms.core.media;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A picture's size in pixels, read from the first bytes of an upload as they stream past (the header; nothing is
 * decoded). Pages reserve a picture's space with it, so nothing jumps when it loads.
 */
public record ImageSize(int width, int height) {
    /** How much of an upload is kept to read the size from: PNG, GIF and most JPEG headers lie well within it. */
    static final int HEAD_BYTES = 256 * 1024;
    /** Larger sides are not believed (a hostile header); the picture is then shown without a reserved size. */
    static final int MAX_SIDE = 100_000;

    /** The size read from {@code head}, or null when it is not a picture Java reads or the header lies beyond it. */
    static ImageSize read(byte[] head, int length) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(head, 0, length))) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                return width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE
                        ? new ImageSize(width, height)
                        : null;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null; // not a readable header: shown without a reserved size
        }
    }

    /** Keeps the first {@link #HEAD_BYTES} of a stream read through it. */
    static final class Head extends FilterInputStream {
        private byte[] kept = new byte[8192];
        private int length;
        private int lengthAtMark;

        Head(InputStream in) {
            super(in);
        }

        /**
         * Replayable when the stream below is (a retried upload of a small picture reads it again): a reset keeps only
         * what was kept up to the mark, and the bytes read again are kept again.
         */
        @Override
        public synchronized void mark(int readLimit) {
            in.mark(readLimit);
            lengthAtMark = length;
        }

        @Override
        public synchronized void reset() throws IOException {
            in.reset();
            length = lengthAtMark;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                keep(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                keep(b, off, n);
            }
            return n;
        }

        private void keep(byte[] b, int off, int n) {
            int room = HEAD_BYTES - length;
            if (room <= 0) {
                return;
            }
            int take = Math.min(room, n);
            if (length + take > kept.length) {
                kept = Arrays.copyOf(kept, Math.min(HEAD_BYTES, Math.max(kept.length * 2, length + take)));
            }
            System.arraycopy(b, off, kept, length, take);
            length += take;
        }

        /** How many bytes are kept (the first {@link #HEAD_BYTES} read once, whatever was read again). */
        int kept() {
            return length;
        }

        /** The size the kept bytes tell, or null. */
        ImageSize size() {
            return ImageSize.read(kept, length);
        }
    }
}
