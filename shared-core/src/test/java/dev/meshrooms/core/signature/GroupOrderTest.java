package dev.meshrooms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scalars modulo the group order agree with BigInteger")
class GroupOrderTest {
    private static final BigInteger L = GroupOrder.L;
    private static final BigInteger TWO_512 = BigInteger.TWO.pow(512);

    @Test
    @DisplayName("64-byte values reduce to the same canonical scalar as BigInteger's mod")
    void reduce() {
        List<BigInteger> values = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[64];
            random.nextBytes(bytes);
            values.add(new BigInteger(1, bytes));
        }
        // the edges: nothing, everything, multiples of L and their neighbours, powers of two around 2^252
        BigInteger largestMultiple = TWO_512.subtract(BigInteger.ONE).divide(L).multiply(L);
        for (BigInteger multiple : List.of(BigInteger.ZERO, L, L.shiftLeft(1), L.pow(2), largestMultiple)) {
            for (int delta = -2; delta <= 2; delta++) {
                BigInteger v = multiple.add(BigInteger.valueOf(delta));
                if (v.signum() >= 0 && v.compareTo(TWO_512) < 0) {
                    values.add(v);
                }
            }
        }
        for (int bit : new int[] {231, 251, 252, 253, 483, 504, 511}) {
            values.add(BigInteger.TWO.pow(bit));
            values.add(BigInteger.TWO.pow(bit).subtract(BigInteger.ONE));
        }
        values.add(TWO_512.subtract(BigInteger.ONE));

        byte[] out = new byte[32];
        long[] limbs = new long[24];
        for (BigInteger v : values) {
            Arrays.fill(out, (byte) 0x5A); // every byte is written
            GroupOrder.reduce(littleEndian64(v), out, limbs);
            assertThat(out).as("%s mod L", v).isEqualTo(EdwardsPoint.littleEndian32(v.mod(L)));
        }
    }

    @Test
    @DisplayName("a scalar is below L exactly when BigInteger says so")
    void isBelow() {
        for (BigInteger v : List.of(
                BigInteger.ZERO,
                BigInteger.ONE,
                L.subtract(BigInteger.ONE),
                L,
                L.add(BigInteger.ONE),
                BigInteger.TWO.pow(253),
                BigInteger.TWO.pow(256).subtract(BigInteger.ONE))) {
            byte[] signature = new byte[64];
            System.arraycopy(littleEndian(v, 32), 0, signature, 32, 32);
            assertThat(GroupOrder.isBelow(signature, 32)).as("%s < L", v).isEqualTo(v.compareTo(L) < 0);
        }
    }

    private static byte[] littleEndian64(BigInteger v) {
        return littleEndian(v, 64);
    }

    private static byte[] littleEndian(BigInteger v, int length) {
        byte[] big = v.toByteArray();
        byte[] out = new byte[length];
        for (int i = 0; i < length && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
