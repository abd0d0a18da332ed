package dev.meshrooms.core.signature;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * The multiples m·2^(32q)·P (m = 1…8, q = 0…7) of one point in affine precomputed form, 64 points, 7.5 KiB: with them
 * a 253-bit scalar times P costs at most 64 additions and 28 doublings, and two such products summed share the
 * doublings. The scalar is written in 64 signed base-16 digits d_j ∈ [−8, 8]; digit j = 8q + r adds ±|d_j|·2^(32q)·P
 * before the accumulator is multiplied by 16^r (Horner's rule over r, the eight rows q side by side). Built once per
 * author key (and once for the base point), immutable, shared between threads.
 */
final class PrecomputedMultiples {
    private static final int ROWS = 8;
    private static final int DIGITS_PER_ROW = 8;
    private static final int MULTIPLES = 8;
    private static final int ROW_SPACING_BITS = 4 * DIGITS_PER_ROW;

    private final int[] table = new int[ROWS * MULTIPLES * EdwardsPoint.PRECOMPUTED_INTS];

    private PrecomputedMultiples() {}

    static PrecomputedMultiples of(EdwardsPoint point) {
        PrecomputedMultiples result = new PrecomputedMultiples();
        EdwardsPoint[] points = new EdwardsPoint[ROWS * MULTIPLES];
        EdwardsPoint rowBase = new EdwardsPoint();
        rowBase.set(point);
        int[] scratch = new int[EdwardsPoint.PRECOMPUTED_INTS];
        for (int row = 0; row < ROWS; row++) {
            EdwardsPoint multiple = new EdwardsPoint();
            multiple.set(rowBase);
            points[row * MULTIPLES] = multiple;
            for (int m = 1; m < MULTIPLES; m++) {
                EdwardsPoint next = new EdwardsPoint();
                next.set(points[row * MULTIPLES + m - 1]);
                next.add(rowBase, scratch);
                points[row * MULTIPLES + m] = next;
            }
            if (row + 1 < ROWS) {
                rowBase.times2ToThe(ROW_SPACING_BITS);
            }
        }
        // one inversion for all 64 (Montgomery's trick), then each point's affine form
        int n = points.length;
        int[][] prefix = new int[n][];
        int[] running = X25519Field.create();
        X25519Field.one(running);
        for (int i = 0; i < n; i++) {
            prefix[i] = X25519Field.create();
            X25519Field.copy(running, 0, prefix[i], 0);
            X25519Field.mul(running, points[i].z, running);
        }
        int[] inverse = X25519Field.create();
        X25519Field.invVar(running, inverse);
        int[] zInverse = X25519Field.create();
        for (int i = n - 1; i >= 0; i--) {
            X25519Field.mul(inverse, prefix[i], zInverse); // 1 / z_i
            X25519Field.mul(inverse, points[i].z, inverse); // 1 / (z_0 … z_{i-1})
            points[i].writeAffine(result.table, i * EdwardsPoint.PRECOMPUTED_INTS, zInverse);
        }
        return result;
    }

    /**
     * acc = s·B + k·(−A) for the two scalars' digits ({@link #digits}), where this table holds B's multiples and
     * {@code other} A's: one Horner pass, so both share the doublings.
     */
    static void sumOfProducts(
            PrecomputedMultiples first,
            byte[] firstDigits,
            PrecomputedMultiples second,
            byte[] secondDigits,
            boolean negateSecond,
            EdwardsPoint acc) {
        acc.setNeutral();
        for (int r = DIGITS_PER_ROW - 1; r >= 0; r--) {
            if (r != DIGITS_PER_ROW - 1) {
                acc.times2ToThe(4);
            }
            for (int row = 0; row < ROWS; row++) {
                int j = row * DIGITS_PER_ROW + r;
                first.addDigit(acc, row, firstDigits[j], false);
                second.addDigit(acc, row, secondDigits[j], negateSecond);
            }
        }
    }

    private void addDigit(EdwardsPoint acc, int row, int digit, boolean negate) {
        if (digit == 0) {
            return;
        }
        int m = Math.abs(digit);
        acc.addPrecomputed(table, (row * MULTIPLES + m - 1) * EdwardsPoint.PRECOMPUTED_INTS, (digit < 0) != negate);
    }

    /**
     * A scalar below 2^253 (32 bytes, little-endian) as 64 signed base-16 digits, each in [−8, 8): Σ d_j·16^j equals
     * it. The last digit takes the final carry (it stays small: the top byte is below 0x20).
     */
    static byte[] digits(byte[] scalar) {
        byte[] d = new byte[64];
        for (int i = 0; i < 32; i++) {
            d[2 * i] = (byte) (scalar[i] & 15);
            d[2 * i + 1] = (byte) ((scalar[i] >>> 4) & 15);
        }
        int carry = 0;
        for (int i = 0; i < 63; i++) {
            int v = d[i] + carry;
            carry = (v + 8) >> 4;
            d[i] = (byte) (v - (carry << 4));
        }
        d[63] += (byte) carry;
        return d;
    }
}
