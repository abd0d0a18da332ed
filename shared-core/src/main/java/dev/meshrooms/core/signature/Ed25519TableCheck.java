package dev.meshrooms.core.signature;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * RFC 8032's cofactorless verification equation for a key whose multiples are precomputed: with k = SHA-512(R ‖ A ‖ M)
 * mod L, a signature (R, S) with S &lt; L holds when the encoding of S·B − k·A is R, byte for byte. Both products come
 * from fixed tables ({@link PrecomputedMultiples}, the base point's and the author's), less than half the work of a
 * verification that knows nothing of the key in advance. Only "true" is final: the check accepts nothing the
 * equation does not, and anything it refuses (a non-canonical R or S, a wrong signature) is left to the general
 * verifier, so the answers stay the JDK's.
 */
final class Ed25519TableCheck {
    private static final PrecomputedMultiples BASE = PrecomputedMultiples.forBase(EdwardsPoint.decode(
            HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666")));
    /** Signatures whose encodings share one inversion. */
    static final int TOGETHER = 64;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One thread's working memory, so that a check allocates nothing. */
    private static final class Scratch {
        final MessageDigest sha512;
        final EdwardsPoint[] sums = new EdwardsPoint[TOGETHER];
        final int[][] inverses = new int[TOGETHER][EdwardsPoint.FIELD_INTS];
        final int[] pending = new int[TOGETHER];
        final byte[] encoded = new byte[32];
        final byte[] s = new byte[32];
        final byte[] hash = new byte[64];
        final byte[] k = new byte[32];
        final long[] limbs = new long[24];
        final int[] baseDigits = new int[BASE.digitCount()];
        int[] keyDigits = new int[0];

        Scratch() {
            for (int i = 0; i < TOGETHER; i++) {
                sums[i] = new EdwardsPoint();
            }
            try {
                sha512 = MessageDigest.getInstance("SHA-512");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-512 is part of every JDK", e);
            }
        }
    }

    private Ed25519TableCheck() {}

    /** The key's table, or null when {@code rawKey} is no canonical point encoding. */
    static PrecomputedMultiples tableOf(byte[] rawKey) {
        EdwardsPoint point = EdwardsPoint.decode(rawKey);
        return point == null ? null : PrecomputedMultiples.forKey(point);
    }

    /** True when the equation holds exactly; false means "not shown here", not "invalid". */
    static boolean holds(PrecomputedMultiples key, byte[] rawKey, byte[] message, byte[] signature) {
        boolean[] holds = new boolean[1];
        holds(
                new PrecomputedMultiples[] {key},
                new byte[][] {rawKey},
                new byte[][] {message},
                new byte[][] {signature},
                1,
                holds);
        return holds[0];
    }

    /**
     * For each i below {@code n}: whether signature i by key i holds over message i, checked on the key's table
     * ({@code tables[i]}; null: not checked here). {@value #TOGETHER} at a time share one field inversion for their
     * encodings.
     */
    static void holds(
            PrecomputedMultiples[] tables,
            byte[][] keys,
            byte[][] messages,
            byte[][] signatures,
            int n,
            boolean[] holds) {
        Scratch scratch = SCRATCH.get();
        for (int from = 0; from < n; from += TOGETHER) {
            int to = Math.min(n, from + TOGETHER);
            int pending = 0;
            for (int i = from; i < to; i++) {
                holds[i] = false;
                if (tables[i] != null
                        && difference(tables[i], keys[i], messages[i], signatures[i], scratch, scratch.sums[pending])) {
                    scratch.pending[pending++] = i;
                }
            }
            if (EdwardsPoint.inverseZ(scratch.sums, pending, scratch.inverses)) {
                for (int p = 0; p < pending; p++) {
                    int i = scratch.pending[p];
                    scratch.sums[p].encode(scratch.encoded, scratch.inverses[p]);
                    holds[i] = Arrays.equals(signatures[i], 0, 32, scratch.encoded, 0, 32);
                }
            }
        }
    }

    /** sum = S·B − k·A; false when the signature cannot hold (its size or the key's, S not below L). */
    private static boolean difference(
            PrecomputedMultiples key,
            byte[] rawKey,
            byte[] message,
            byte[] signature,
            Scratch scratch,
            EdwardsPoint sum) {
        if (signature.length != 64 || rawKey.length != 32 || !GroupOrder.isBelow(signature, 32)) {
            return false;
        }
        MessageDigest sha = scratch.sha512;
        sha.reset(); // nothing left of a call that failed half way
        sha.update(signature, 0, 32);
        sha.update(rawKey);
        sha.update(message);
        try {
            sha.digest(scratch.hash, 0, 64);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-512 writes 64 bytes", e);
        }
        GroupOrder.reduce(scratch.hash, scratch.k, scratch.limbs);
        System.arraycopy(signature, 32, scratch.s, 0, 32);
        if (scratch.keyDigits.length != key.digitCount()) {
            scratch.keyDigits = new int[key.digitCount()];
        }
        key.digits(scratch.k, scratch.keyDigits);
        BASE.digits(scratch.s, scratch.baseDigits);
        sum.setNeutral();
        key.addProduct(scratch.keyDigits, true, sum); // −k·A, from neutral
        BASE.addProduct(scratch.baseDigits, false, sum); // + S·B, no doubling
        return true;
    }

    /** The base point's digits of a scalar (for tests). */
    static int[] baseDigits(byte[] scalar) {
        return BASE.digits(scalar);
    }
}
