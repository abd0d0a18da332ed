package dev.meshrooms.core.io;

import java.io.IOException;
import java.io.InputStream;

/** Stream helpers the JDK does not have. */
public final class Streams {
    private Streams() {}

    /**
     * Skips by reading through {@code in} itself, for filters that must see every byte (hashing, counting, limits):
     * {@link InputStream#skip} of the stream underneath would jump past them (and pipes cannot seek anyway).
     *
     * @return the bytes skipped, fewer than {@code n} only at the end of the stream
     */
    public static long skipByReading(InputStream in, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }
}
