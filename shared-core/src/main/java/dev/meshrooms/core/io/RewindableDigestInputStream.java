package dev.meshrooms.core.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what is read, like {@link java.security.DigestInputStream}, but {@link #reset()} also rewinds the hash to
 * where {@link #mark(int)} was: when the S3 client retries a dropped upload it resets a markable stream and reads it
 * again, and the recorded SHA-256 must be that of the bytes stored, not of every attempt's bytes one after the other.
 */
public final class RewindableDigestInputStream extends FilterInputStream {
    private MessageDigest digest;
    private MessageDigest atMark;

    public RewindableDigestInputStream(InputStream in, MessageDigest digest) {
        super(in);
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
        }
        return n;
    }

    /** Reads what it skips, so skipped bytes are hashed too. */
    @Override
    public long skip(long n) throws IOException {
        return Streams.skipByReading(this, n);
    }

    @Override
    public synchronized void mark(int readLimit) {
        in.mark(readLimit);
        atMark = copy(digest);
    }

    @Override
    public synchronized void reset() throws IOException {
        if (atMark == null) {
            throw new IOException("reset without mark");
        }
        in.reset();
        digest = copy(atMark);
    }

    /** The hash of the bytes read since the last reset (or the start). */
    public byte[] digest() {
        return digest.digest();
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(digest.getAlgorithm() + " cannot be copied", e);
        }
    }
}
