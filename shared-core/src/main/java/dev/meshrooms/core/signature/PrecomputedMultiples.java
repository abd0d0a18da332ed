package dev.meshrooms.core.signature;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Multiples of one point in affine precomputed form, for multiplying it by 253-bit scalars written in signed digits
 * of {@code bits} bits: row q holds m·2^(bits·perRow·q)·P for m = 1 … 2^(bits−1). Digit j = perRow·q + r adds
 * ±|d_j| times row q's point before the accumulator is multiplied by 2^(bits·r) (Horner's rule over r, the rows side
 * by side), so a product costs one addition per non-zero digit and bits·(perRow − 1) doublings. Two shapes:
 *
 * <ul>
 *   <li>{@link #forKey}: an author's key, 6-bit digits in 22 rows of 2 (704 points, {@value #KEY_TABLE_BYTES} bytes):
 *       43 additions and 6 doublings (5-bit digits in 17 rows of 3, 32 KiB: 51 additions and 10 doublings, ~9 % more
 *       CPU a check with 1,000 authors);
 *   <li>{@link #forBase}: the base point, once, 8-bit digits one per row (32 rows of 128 points, 480 KiB): 32 additions
 *       and no doubling, so its product can be added to an accumulator already holding another.
 * </ul>
 *
 * Immutable once built, shared between threads.
 */
final class PrecomputedMultiples {
    private static final int KEY_BITS = 6;
    private static final int KEY_ROWS = 22;
    private static final int KEY_PER_ROW = 2;
    /** The heap a key's table takes (its array's contents). */
    static final int KEY_TABLE_BYTES = KEY_ROWS * (1 << (KEY_BITS - 1)) * EdwardsPoint.PRECOMPUTED_INTS * Integer.BYTES;

    private final int bits;
    private final int rows;
    private final int perRow;
    private final int multiples;
    private final int[] table;

    private PrecomputedMultiples(int bits, int rows, int perRow) {
        this.bits = bits;
        this.rows = rows;
        this.perRow = perRow;
        this.multiples = 1 << (bits - 1);
        this.table = new int[rows * multiples * EdwardsPoint.PRECOMPUTED_INTS];
    }

    static PrecomputedMultiples forKey(EdwardsPoint key) {
        return of(key, KEY_BITS, KEY_ROWS, KEY_PER_ROW);
    }

    static PrecomputedMultiples forBase(EdwardsPoint base) {
        return of(base, 8, 32, 1);
    }

    private static PrecomputedMultiples of(EdwardsPoint point, int bits, int rows, int perRow) {
        PrecomputedMultiples result = new PrecomputedMultiples(bits, rows, perRow);
        int m = result.multiples;
        EdwardsPoint[] points = new EdwardsPoint[rows * m];
        EdwardsPoint rowBase = new EdwardsPoint();
        rowBase.set(point);
        int[] scratch = new int[EdwardsPoint.PRECOMPUTED_INTS];
        for (int row = 0; row < rows; row++) {
            // the row's point in affine form once, then its multiples by repeated addition
            rowBase.writeAffine(scratch, 0, null);
            EdwardsPoint multiple = new EdwardsPoint();
            multiple.set(rowBase);
            points[row * m] = multiple;
            for (int i = 1; i < m; i++) {
                EdwardsPoint next = new EdwardsPoint();
                next.set(points[row * m + i - 1]);
                next.addPrecomputed(scratch, 0, false);
                points[row * m + i] = next;
            }
            if (row + 1 < rows) {
                rowBase.times2ToThe(bits * perRow);
            }
        }
        // one inversion for all, then each point's affine form
        int n = points.length;
        int[][] inverses = new int[n][X25519Field.SIZE];
        if (!EdwardsPoint.inverseZ(points, n, inverses)) {
            throw new IllegalStateException("a multiple with Z = 0: the point is not on the curve");
        }
        for (int i = 0; i < n; i++) {
            points[i].writeAffine(result.table, i * EdwardsPoint.PRECOMPUTED_INTS, inverses[i]);
        }
        return result;
    }

    /**
     * acc = acc ± scalar·P for the scalar's {@link #digits}; with more than one digit per row {@code acc} must start
     * neutral (Horner's rule multiplies what it holds).
     */
    void addProduct(int[] digits, boolean negate, EdwardsPoint acc) {
        for (int r = perRow - 1; r >= 0; r--) {
            if (r != perRow - 1) {
                acc.times2ToThe(bits);
            }
            for (int row = 0; row < rows; row++) {
                int digit = digits[row * perRow + r];
                if (digit != 0) {
                    int offset = (row * multiples + Math.abs(digit) - 1) * EdwardsPoint.PRECOMPUTED_INTS;
                    acc.addPrecomputed(table, offset, (digit < 0) != negate);
                }
            }
        }
    }

    /**
     * A scalar below 2^253 (32 bytes, little-endian) as this table's signed digits, each in [−2^(bits−1), 2^(bits−1)]:
     * Σ d_j·2^(bits·j) equals it. The last digit takes the final carry (it stays small: the top byte is below 0x20).
     */
    int[] digits(byte[] scalar) {
        int[] d = new int[digitCount()];
        digits(scalar, d);
        return d;
    }

    /** {@link #digits(byte[])} into {@code d} ({@link #digitCount()} long). */
    void digits(byte[] scalar, int[] d) {
        int count = d.length;
        int half = multiples;
        int carry = 0;
        for (int j = 0; j < count; j++) {
            int v = bitsAt(scalar, j * bits, bits) + carry;
            if (j == count - 1) {
                d[j] = v;
            } else {
                carry = (v + half) >> bits;
                d[j] = v - (carry << bits);
            }
        }
    }

    /** Bits per digit. */
    int bits() {
        return bits;
    }

    int digitCount() {
        return rows * perRow;
    }

    /** {@code count} bits (at most 8, within one byte or two) of a 32-byte little-endian scalar, from bit {@code from}. */
    private static int bitsAt(byte[] scalar, int from, int count) {
        int i = from >>> 3;
        if (i >= 32) {
            return 0;
        }
        int two = (scalar[i] & 0xFF) | (i + 1 < 32 ? (scalar[i + 1] & 0xFF) << 8 : 0);
        return (two >>> (from & 7)) & ((1 << count) - 1);
    }
}
