package dev.meshrooms.core.signature;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of the Ed25519 curve (−x² + y² = 1 + d·x²·y²) in extended coordinates (X : Y : Z : T, x = X/Z, y = Y/Z,
 * x·y = T/Z), mutable, with the two operations a fixed-base multiplication needs: doubling and adding a precomputed
 * affine point (its y + x, y − x and 2d·x·y). Both formulas are complete on this curve (a = −1 is a square, d is not),
 * so no input needs a special case. Field arithmetic is BouncyCastle's ({@link X25519Field}); every value is public
 * (signatures, keys), so the operations are variable-time. T is kept as the product E·H of the last addition and
 * multiplied out only when an addition needs it.
 */
final class EdwardsPoint {
    /** Ints per field element, and per precomputed point (y + x, y − x, 2d·x·y). */
    static final int FIELD_INTS = X25519Field.SIZE;

    static final int PRECOMPUTED_INTS = 3 * FIELD_INTS;

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D_VALUE = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);
    private static final int[] D = field(D_VALUE);
    private static final int[] D2 = field(D_VALUE.shiftLeft(1).mod(P));

    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    /** T = e·h, multiplied out on demand. */
    private final int[] e = X25519Field.create();

    private final int[] h = X25519Field.create();
    private final int[] t = X25519Field.create();
    private boolean tReady;
    // scratch
    private final int[] a = X25519Field.create();
    private final int[] b = X25519Field.create();
    private final int[] c = X25519Field.create();
    private final int[] f = X25519Field.create();
    private final int[] g = X25519Field.create();
    private final int[] q1 = X25519Field.create();
    private final int[] q2 = X25519Field.create();
    private final int[] q3 = X25519Field.create();

    /** The neutral element (0, 1). */
    EdwardsPoint() {
        setNeutral();
    }

    void setNeutral() {
        X25519Field.zero(x);
        X25519Field.one(y);
        X25519Field.one(z);
        X25519Field.zero(t);
        tReady = true;
    }

    void set(EdwardsPoint p) {
        X25519Field.copy(p.x, 0, x, 0);
        X25519Field.copy(p.y, 0, y, 0);
        X25519Field.copy(p.z, 0, z, 0);
        X25519Field.copy(p.t(), 0, t, 0);
        tReady = true;
    }

    /**
     * Decodes a canonical point encoding (RFC 8032 5.1.3), or returns null when it is none: y ≥ p, no x for this y,
     * or x = 0 with the sign bit set.
     */
    static EdwardsPoint decode(byte[] encoded) {
        if (encoded.length != 32) {
            return null;
        }
        byte[] yBytes = encoded.clone();
        int sign = (yBytes[31] & 0x80) >>> 7;
        yBytes[31] &= 0x7F;
        if (new BigInteger(1, reversed(yBytes)).compareTo(P) >= 0) {
            return null;
        }
        EdwardsPoint p = new EdwardsPoint();
        X25519Field.decode(yBytes, 0, p.y);
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(p.y, u);
        X25519Field.mul(D, u, v);
        X25519Field.subOne(u); // y² − 1
        X25519Field.addOne(v); // d·y² + 1
        if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
            return null;
        }
        X25519Field.normalize(p.x);
        if (sign == 1 && X25519Field.isZeroVar(p.x)) {
            return null;
        }
        if ((p.x[0] & 1) != sign) {
            X25519Field.negate(p.x, p.x);
            X25519Field.normalize(p.x);
        }
        X25519Field.normalize(p.y);
        X25519Field.one(p.z);
        X25519Field.mul(p.x, p.y, p.t);
        p.tReady = true;
        return p;
    }

    /** The canonical 32-byte encoding: y, with x's low bit in the top bit. */
    void encode(byte[] out) {
        X25519Field.invVar(z, c);
        encode(out, c);
    }

    /** {@link #encode(byte[])} with 1/Z known (a batch inversion). */
    void encode(byte[] out, int[] zInverse) {
        X25519Field.mul(x, zInverse, a);
        X25519Field.mul(y, zInverse, b);
        X25519Field.normalize(a);
        X25519Field.normalize(b);
        X25519Field.encode(b, out, 0);
        out[31] |= (byte) ((a[0] & 1) << 7);
    }

    /**
     * 1/Z of each of the first {@code n} points into {@code inverses}, with one field inversion for them all
     * (Montgomery's trick: three multiplications a point instead of an inversion each). False, and no inverses, when
     * a Z is zero, which the complete formulas never give a point of the curve.
     */
    static boolean inverseZ(EdwardsPoint[] points, int n, int[][] inverses) {
        if (n == 0) {
            return true;
        }
        int[] running = points[0].c; // scratch of the first point, free until its own encoding
        X25519Field.one(running);
        for (int i = 0; i < n; i++) {
            X25519Field.copy(running, 0, inverses[i], 0); // z_0 … z_{i−1}
            X25519Field.mul(running, points[i].z, running);
        }
        X25519Field.normalize(running);
        if (X25519Field.isZeroVar(running)) {
            return false;
        }
        int[] inverse = points[0].f;
        X25519Field.invVar(running, inverse); // 1 / (z_0 … z_{n−1})
        for (int i = n - 1; i >= 0; i--) {
            X25519Field.mul(inverse, inverses[i], inverses[i]); // 1 / z_i
            X25519Field.mul(inverse, points[i].z, inverse); // 1 / (z_0 … z_{i−1})
        }
        return true;
    }

    /** this = 2·this (dbl-2008-hwcd with a = −1). */
    void twice() {
        X25519Field.sqr(x, a);
        X25519Field.sqr(y, b);
        X25519Field.sqr(z, c);
        X25519Field.add(c, c, c);
        X25519Field.apm(a, b, h, g); // h = x² + y², g = x² − y²
        X25519Field.add(x, y, e);
        X25519Field.sqr(e, e);
        X25519Field.sub(h, e, e); // e = −2xy
        X25519Field.carry(e);
        X25519Field.add(c, g, f);
        fromCompleted();
    }

    /** this = 2^n·this. */
    void times2ToThe(int n) {
        for (int i = 0; i < n; i++) {
            twice();
        }
    }

    /**
     * this = this ± the precomputed affine point at {@code offset} of {@code table} (add-2008-hwcd-3 with Z₂ = 1; its
     * negation swaps y + x with y − x and negates 2d·x·y).
     */
    void addPrecomputed(int[] table, int offset, boolean negate) {
        X25519Field.copy(table, offset, q1, 0);
        X25519Field.copy(table, offset + FIELD_INTS, q2, 0);
        X25519Field.copy(table, offset + 2 * FIELD_INTS, q3, 0);
        int[] yPlusX = negate ? q2 : q1;
        int[] yMinusX = negate ? q1 : q2;
        int[] current = t();
        X25519Field.apm(y, x, b, a); // b = Y + X, a = Y − X
        X25519Field.mul(a, yMinusX, a);
        X25519Field.mul(b, yPlusX, b);
        X25519Field.mul(current, q3, c);
        X25519Field.add(z, z, q1); // 2Z (q1 is free again)
        X25519Field.apm(b, a, h, e); // h = B + A, e = B − A
        if (negate) {
            X25519Field.apm(q1, c, f, g); // f = D + C, g = D − C
        } else {
            X25519Field.apm(q1, c, g, f); // g = D + C, f = D − C
        }
        fromCompleted();
    }

    /**
     * Both formulas end in the completed point (E, F, G, H): X = E·F, Y = G·H, Z = F·G, and T = E·H once an addition
     * asks for it. F and G may be sums of sums, so they are carried first.
     */
    private void fromCompleted() {
        X25519Field.carry(f);
        X25519Field.carry(g);
        X25519Field.mul(e, f, x);
        X25519Field.mul(g, h, y);
        X25519Field.mul(f, g, z);
        tReady = false;
    }

    /** this = this + p (both extended), through p's affine form (one inversion: not for hot paths). */
    void add(EdwardsPoint p) {
        int[] affine = new int[PRECOMPUTED_INTS];
        p.writeAffine(affine, 0, null);
        addPrecomputed(affine, 0, false);
    }

    /**
     * Writes this point's affine precomputed form (y + x, y − x, 2d·x·y) at {@code offset}; {@code zInverse} is 1/Z
     * when the caller has it (a batch inversion), or null to invert here.
     */
    void writeAffine(int[] out, int offset, int[] zInverse) {
        int[] inverse = zInverse;
        if (inverse == null) {
            inverse = X25519Field.create();
            X25519Field.invVar(z, inverse);
        }
        X25519Field.mul(x, inverse, a);
        X25519Field.mul(y, inverse, b);
        X25519Field.mul(a, b, c);
        X25519Field.mul(c, D2, c);
        X25519Field.apm(b, a, q1, q2);
        X25519Field.normalize(q1);
        X25519Field.normalize(q2);
        X25519Field.normalize(c);
        X25519Field.copy(q1, 0, out, offset);
        X25519Field.copy(q2, 0, out, offset + FIELD_INTS);
        X25519Field.copy(c, 0, out, offset + 2 * FIELD_INTS);
    }

    private int[] t() {
        if (!tReady) {
            X25519Field.mul(e, h, t);
            tReady = true;
        }
        return t;
    }

    private static int[] field(BigInteger value) {
        int[] out = X25519Field.create();
        X25519Field.decode(littleEndian32(value), 0, out);
        return out;
    }

    static byte[] littleEndian32(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    static byte[] reversed(byte[] bytes) {
        byte[] r = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            r[i] = bytes[bytes.length - 1 - i];
        }
        return r;
    }
}
