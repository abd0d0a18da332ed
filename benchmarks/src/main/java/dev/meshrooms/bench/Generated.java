package dev.meshrooms.bench;

import java.util.SplittableRandom;
import java.util.UUID;

/** Deterministic ids and randomness of the reference room: item {@code i} of a stream is the same in every run. */
final class Generated {
    static final long MESSAGES = 1;
    static final long MEDIA = 2;

    private Generated() {}

    static SplittableRandom random(long seed, long stream, long index) {
        return new SplittableRandom(mix(seed * 31 + stream) ^ mix(index + 0x632BE59BD9B4E019L));
    }

    /** A version-4 UUID, the same for the same seed, stream and index. */
    static UUID uuid(long seed, long stream, long index) {
        SplittableRandom r = random(seed, stream ^ 0x5DEECE66DL, index);
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
