package dev.meshrooms.core.signature;

import java.math.BigInteger;

/**
 * Scalars modulo L = 2^252 + δ, the order of Ed25519's base point, in fixed-size integer arithmetic (a check reduces
 * a 512-bit hash for each signature; {@link BigInteger} took a tenth of the check's time). A value is held as signed
 * 21-bit limbs; since 2^252 ≡ −δ (mod L) and −δ = Σ {@link #MINUS_DELTA}[j]·2^(21·j), a limb at 2^(21·i) with
 * i ≥ 12 folds into the six limbs from i − 12 up. Variable-time: scalars here are public (hashes of signed messages).
 */
final class GroupOrder {
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final long[] MINUS_DELTA = {666643, 470296, 654183, -997805, 136657, -683901};
    private static final long[] L_LIMBS = limbs(L);
    private static final byte[] L_BYTES = EdwardsPoint.littleEndian32(L);
    private static final int LIMB_BITS = 21;
    private static final long HALF = 1L << (LIMB_BITS - 1);

    private GroupOrder() {}

    /**
     * {@code wide} (64 bytes, little-endian) modulo L into {@code out} (32 bytes, little-endian, canonical); {@code
     * limbs} is 24 longs of scratch.
     */
    static void reduce(byte[] wide, byte[] out, long[] limbs) {
        long[] s = limbs;
        for (int i = 0; i < 24; i++) {
            s[i] = bitsAt(wide, LIMB_BITS * i, i == 23 ? 29 : LIMB_BITS);
        }
        // limbs 23…18 (below 2^29) into 16…6: each of those gains less than 6·2^49
        fold(s, 23, 18);
        carry(s, 18); // limbs 0…17 back to 21 bits; limb 18 takes the carry (below 2^13)
        fold(s, 18, 12);
        carry(s, 12);
        while (s[12] != 0) { // a few bits after the first round, then nothing
            fold(s, 12, 12);
            carry(s, 12);
        }
        // limbs 0…11 now hold r with |r| ≤ 2^251·(1 + 2^−21), and r ≡ wide: r + L when r < 0 is in [0, L)
        floorCarry(s);
        if (s[11] < 0) {
            for (int i = 0; i < 12; i++) {
                s[i] += L_LIMBS[i];
            }
            floorCarry(s);
        }
        long acc = 0;
        int held = 0;
        int next = 0;
        for (int i = 0; i < 12; i++) {
            acc |= s[i] << held;
            held += LIMB_BITS;
            while (held >= 8) {
                out[next++] = (byte) acc;
                acc >>>= 8;
                held -= 8;
            }
        }
        out[31] = (byte) acc; // bits 248…252
    }

    /** Whether the 32 little-endian bytes at {@code offset} are a scalar below L (a canonical S). */
    static boolean isBelow(byte[] bytes, int offset) {
        for (int i = 31; i >= 0; i--) {
            int s = bytes[offset + i] & 0xFF;
            int l = L_BYTES[i] & 0xFF;
            if (s != l) {
                return s < l;
            }
        }
        return false;
    }

    /** Folds limbs {@code from} down to {@code to} (each ≥ 12, top first) into the limbs 12 below them. */
    private static void fold(long[] s, int from, int to) {
        for (int i = from; i >= to; i--) {
            long v = s[i];
            s[i] = 0;
            for (int j = 0; j < MINUS_DELTA.length; j++) {
                s[i - 12 + j] += v * MINUS_DELTA[j];
            }
        }
    }

    /** Limbs 0 … {@code upTo} − 1 into [−2^20, 2^20), their carries moving up into limb {@code upTo}. */
    private static void carry(long[] s, int upTo) {
        for (int i = 0; i < upTo; i++) {
            long c = (s[i] + HALF) >> LIMB_BITS;
            s[i + 1] += c;
            s[i] -= c << LIMB_BITS;
        }
    }

    /** Limbs 0…10 into [0, 2^21), the sign of the whole left in limb 11. */
    private static void floorCarry(long[] s) {
        for (int i = 0; i < 11; i++) {
            long c = s[i] >> LIMB_BITS;
            s[i + 1] += c;
            s[i] -= c << LIMB_BITS;
        }
    }

    /** {@code count} bits (at most 29) of a little-endian byte string, from bit {@code from}; bits past its end are 0. */
    private static long bitsAt(byte[] bytes, int from, int count) {
        int first = from >>> 3;
        long v = 0;
        for (int k = 0; k < 5 && first + k < bytes.length; k++) {
            v |= (bytes[first + k] & 0xFFL) << (8 * k);
        }
        return (v >>> (from & 7)) & ((1L << count) - 1);
    }

    private static long[] limbs(BigInteger value) {
        long[] out = new long[12];
        for (int i = 0; i < 12; i++) {
            out[i] = value.shiftRight(LIMB_BITS * i)
                    .and(BigInteger.ONE.shiftLeft(i == 11 ? 64 : LIMB_BITS).subtract(BigInteger.ONE))
                    .longValueExact();
        }
        return out;
    }
}
