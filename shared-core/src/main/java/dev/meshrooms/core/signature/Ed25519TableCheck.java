package dev.meshrooms.core.signature;

import java.math.BigInteger;
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
    private static final BigInteger L =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final byte[] L_BYTES = EdwardsPoint.littleEndian32(L);
    private static final PrecomputedMultiples BASE = PrecomputedMultiples.forBase(EdwardsPoint.decode(
            HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666")));
    private static final ThreadLocal<MessageDigest> SHA512 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every JDK", e);
        }
    });

    private Ed25519TableCheck() {}

    /** The key's table, or null when {@code rawKey} is no canonical point encoding. */
    static PrecomputedMultiples tableOf(byte[] rawKey) {
        EdwardsPoint point = EdwardsPoint.decode(rawKey);
        return point == null ? null : PrecomputedMultiples.forKey(point);
    }

    /** True when the equation holds exactly; false means "not shown here", not "invalid". */
    static boolean holds(PrecomputedMultiples key, byte[] rawKey, byte[] message, byte[] signature) {
        if (signature.length != 64 || rawKey.length != 32 || !belowL(signature)) {
            return false;
        }
        MessageDigest sha = SHA512.get();
        sha.reset(); // nothing left of a call that failed half way
        sha.update(signature, 0, 32);
        sha.update(rawKey);
        sha.update(message);
        byte[] k = EdwardsPoint.littleEndian32(new BigInteger(1, EdwardsPoint.reversed(sha.digest())).mod(L));
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        EdwardsPoint sum = new EdwardsPoint();
        key.addProduct(key.digits(k), true, sum); // −k·A, from neutral
        BASE.addProduct(BASE.digits(s), false, sum); // + S·B, no doubling
        byte[] encoded = new byte[32];
        sum.encode(encoded);
        return Arrays.equals(signature, 0, 32, encoded, 0, 32);
    }

    /** The base point's digits of a scalar (for tests). */
    static int[] baseDigits(byte[] scalar) {
        return BASE.digits(scalar);
    }

    /** S (the signature's second half, little-endian) below the group order. */
    private static boolean belowL(byte[] signature) {
        for (int i = 31; i >= 0; i--) {
            int s = signature[32 + i] & 0xFF;
            int l = L_BYTES[i] & 0xFF;
            if (s != l) {
                return s < l;
            }
        }
        return false;
    }
}
