package dev.meshrooms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Ed25519 verification gives the JDK verifier's answer")
class Ed25519VerificationTest {
    /** The group order L of Ed25519. */
    private static final BigInteger L =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    /** Encodings of the points of small order (identity, order 2, 4 and 8), and two non-canonical ones (y >= p). */
    private static final List<String> ODD_POINTS = List.of(
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

    private final Ed25519Verification fast = new Ed25519Verification();
    private final SplittableRandom random = new SplittableRandom(42);

    private record Case(byte[] key, byte[] message, byte[] signature) {}

    @Nested
    @DisplayName("signatures made by the JDK")
    class JdkMade {
        @Test
        @DisplayName("all verify, with the same answer as the JDK (keys cached or not)")
        void valid() throws GeneralSecurityException {
            List<Case> cases = signed(10, 30);
            for (int pass = 0; pass < 2; pass++) {
                for (Case c : cases) {
                    assertThat(fast.verify(c.key(), c.message(), c.signature())).isTrue();
                    assertThat(Ed25519Verification.jdkVerify(c.key(), c.message(), c.signature()))
                            .isTrue();
                }
            }
        }

        @Test
        @DisplayName("every single-bit change of the signature, the message or the key fails as it does in the JDK")
        void corrupted() throws GeneralSecurityException {
            int compared = 0;
            for (Case c : signed(2, 1)) {
                for (int bit = 0; bit < 64 * 8; bit++) {
                    compared += same(c.key(), c.message(), flip(c.signature(), bit));
                }
                for (int bit = 0; bit < 32 * 8; bit += 3) {
                    compared += same(flip(c.key(), bit), c.message(), c.signature());
                }
                for (int bit = 0; bit < c.message().length * 8; bit += 7) {
                    compared += same(c.key(), flip(c.message(), bit), c.signature());
                }
            }
            assertThat(compared).isGreaterThan(2 * 512);
        }

        @Test
        @DisplayName("S + L (the same signature, malleated) is judged as the JDK judges it")
        void nonCanonicalScalar() throws GeneralSecurityException {
            for (Case c : signed(3, 2)) {
                byte[] sig = c.signature().clone();
                byte[] s = reverse(java.util.Arrays.copyOfRange(sig, 32, 64));
                byte[] sPlusL = toLittleEndian32(new BigInteger(1, s).add(L));
                System.arraycopy(sPlusL, 0, sig, 32, 32);
                same(c.key(), c.message(), sig);
                assertThat(fast.verify(c.key(), c.message(), sig)).isFalse();
            }
        }
    }

    @Nested
    @DisplayName("an author seen often (the key's multiples precomputed)")
    class KnownAuthor {
        @Test
        @DisplayName("from the author's fourth signature on, the table says valid (and the answers stay the JDK's)")
        void usesTheTable() throws GeneralSecurityException {
            List<Case> cases = signed(1, 8);
            byte[] key = cases.get(0).key();
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                // two checks per round: the table is there once the key has been asked about four times
                assertThat(fast.hasTable(key)).isEqualTo(2 * i >= Ed25519Verification.TABLE_AFTER_USES);
                assertThat(fast.verify(c.key(), c.message(), c.signature())).isTrue();
                assertThat(fast.verify(c.key(), flip(c.message(), 0), c.signature()))
                        .isFalse();
            }
            assertThat(fast.hasTable(key)).isTrue();
        }

        @Test
        @DisplayName(
                "a new author's signatures checked together: from four on, all of them on the table made for the key")
        void tableForTheWholeCall() throws GeneralSecurityException {
            List<Case> few = signed(1, Ed25519Verification.TABLE_AFTER_USES - 1);
            boolean[] valid = checkTogether(few);
            assertThat(valid).containsOnly(true);
            assertThat(fast.hasTable(few.get(0).key())).isFalse();
            assertThat(fast.checkedOnTables()).isZero();

            List<Case> many = signed(1, Ed25519Verification.TABLE_AFTER_USES + 2);
            // one changed message among them: the table's answer for it is the JDK's too
            many.set(
                    0,
                    new Case(
                            many.get(0).key(),
                            flip(many.get(0).message(), 3),
                            many.get(0).signature()));
            valid = checkTogether(many);
            assertThat(valid[0]).isFalse();
            assertThat(java.util.Arrays.copyOfRange(valid, 1, valid.length)).containsOnly(true);
            assertThat(fast.hasTable(many.get(0).key())).isTrue();
            assertThat(fast.checkedOnTables()).isEqualTo(many.size());
        }

        private boolean[] checkTogether(List<Case> cases) {
            int n = cases.size();
            boolean[] valid = new boolean[n];
            fast.verifyAll(
                    cases.stream().map(Case::key).toArray(byte[][]::new),
                    cases.stream().map(Case::message).toArray(byte[][]::new),
                    cases.stream().map(Case::signature).toArray(byte[][]::new),
                    n,
                    valid);
            return valid;
        }

        @Test
        @DisplayName(
                "checked together (valid, changed, malleated, small-order R, nulls mixed): each gets the JDK's answer")
        void together() throws GeneralSecurityException {
            List<Case> cases = new ArrayList<>();
            HexFormat hex = HexFormat.of();
            for (Case c : signed(4, 60)) {
                int kind = cases.size() % 6;
                byte[] sig = c.signature().clone();
                if (kind == 1) {
                    sig = flip(sig, random.nextInt(512));
                } else if (kind == 2) {
                    byte[] sPlusL = toLittleEndian32(
                            new BigInteger(1, reverse(java.util.Arrays.copyOfRange(sig, 32, 64))).add(L));
                    System.arraycopy(sPlusL, 0, sig, 32, 32);
                } else if (kind == 3) {
                    EdwardsPoint r = EdwardsPoint.decode(java.util.Arrays.copyOf(sig, 32));
                    r.add(EdwardsPoint.decode(hex.parseHex(ODD_POINTS.get(1 + cases.size() % 7))));
                    byte[] encoded = new byte[32];
                    r.encode(encoded);
                    System.arraycopy(encoded, 0, sig, 0, 32);
                }
                cases.add(new Case(c.key(), c.message(), sig));
            }
            int n = cases.size() + 3;
            byte[][] keys = new byte[n][];
            byte[][] messages = new byte[n][];
            byte[][] signatures = new byte[n][];
            for (int i = 0; i < cases.size(); i++) {
                keys[i] = cases.get(i).key();
                messages[i] = cases.get(i).message();
                signatures[i] = cases.get(i).signature();
            }
            // the identity as the key, R the identity and S = 0: no full-order key, so the JDK decides (it accepts)
            keys[n - 3] = hex.parseHex(ODD_POINTS.get(0));
            messages[n - 3] = messages[0];
            signatures[n - 3] = new byte[64];
            signatures[n - 3][0] = 1;
            messages[n - 2] = messages[0]; // no key
            signatures[n - 2] = signatures[0];
            keys[n - 1] = keys[0]; // no signature
            messages[n - 1] = messages[0];
            for (int pass = 0; pass < 2; pass++) { // then with every table built
                boolean[] valid = new boolean[n];
                java.util.Arrays.fill(valid, true); // whatever the array held before
                fast.verifyAll(keys, messages, signatures, n, valid);
                for (int i = 0; i < cases.size(); i++) {
                    assertThat(valid[i])
                            .as("signature %d (kind %d)", i, i % 6)
                            .isEqualTo(Ed25519Verification.jdkVerify(keys[i], messages[i], signatures[i]))
                            .isEqualTo(i % 6 == 0 || i % 6 >= 4);
                }
                assertThat(valid[n - 3])
                        .isEqualTo(Ed25519Verification.jdkVerify(keys[n - 3], messages[n - 3], signatures[n - 3]));
                assertThat(valid[n - 2]).isFalse();
                assertThat(valid[n - 1]).isFalse();
            }
            assertThat(fast.hasTable(keys[0])).isTrue();
        }

        @Test
        @DisplayName("the table's equation accepts the author's signatures and nothing changed in them")
        void tableEquation() throws GeneralSecurityException {
            List<Case> cases = signed(3, 20);
            int refused = 0;
            for (Case c : cases) {
                PrecomputedMultiples table = Ed25519TableCheck.tableOf(c.key());
                assertThat(Ed25519TableCheck.holds(table, c.key(), c.message(), c.signature()))
                        .isTrue();
                for (int bit = 0; bit < 64 * 8; bit += 5) {
                    refused += Ed25519TableCheck.holds(table, c.key(), c.message(), flip(c.signature(), bit)) ? 0 : 1;
                }
                refused += Ed25519TableCheck.holds(table, c.key(), flip(c.message(), 3), c.signature()) ? 0 : 1;
                // another author's table: the equation is the key's
                Case other = cases.get((cases.indexOf(c) + 20) % cases.size());
                assertThat(Ed25519TableCheck.holds(
                                Ed25519TableCheck.tableOf(other.key()), c.key(), c.message(), c.signature()))
                        .isFalse();
            }
            assertThat(refused).isEqualTo(cases.size() * (103 + 1));
        }

        @Test
        @DisplayName("R plus a point of small order (valid for a cofactored check) is refused, as the JDK refuses it")
        void torsionInR() throws GeneralSecurityException {
            HexFormat hex = HexFormat.of();
            int tried = 0;
            for (Case c : signed(2, 8)) {
                for (String small : ODD_POINTS.subList(1, 8)) {
                    EdwardsPoint r = EdwardsPoint.decode(java.util.Arrays.copyOf(c.signature(), 32));
                    EdwardsPoint t = EdwardsPoint.decode(hex.parseHex(small));
                    r.add(t);
                    byte[] sig = c.signature().clone();
                    byte[] encoded = new byte[32];
                    r.encode(encoded);
                    System.arraycopy(encoded, 0, sig, 0, 32);
                    PrecomputedMultiples table = Ed25519TableCheck.tableOf(c.key());
                    assertThat(Ed25519TableCheck.holds(table, c.key(), c.message(), sig))
                            .isFalse();
                    for (int i = 0; i < Ed25519Verification.TABLE_AFTER_USES + 1; i++) {
                        assertThat(fast.verify(c.key(), c.message(), sig)).isFalse();
                    }
                    assertThat(Ed25519Verification.jdkVerify(c.key(), c.message(), sig))
                            .isFalse();
                    tried++;
                }
            }
            assertThat(tried).isEqualTo(16 * 7);
        }

        @Test
        @DisplayName("point arithmetic: 2·P, P + P and P + 0 agree, and decoding an encoding gives it back")
        void arithmetic() throws GeneralSecurityException {
            for (Case c : signed(4, 1)) {
                EdwardsPoint p = EdwardsPoint.decode(c.key());
                byte[] encoded = new byte[32];
                p.encode(encoded);
                assertThat(encoded).isEqualTo(c.key());
                EdwardsPoint doubled = EdwardsPoint.decode(c.key());
                doubled.twice();
                EdwardsPoint added = EdwardsPoint.decode(c.key());
                added.add(p);
                byte[] viaDouble = new byte[32];
                byte[] viaAdd = new byte[32];
                doubled.encode(viaDouble);
                added.encode(viaAdd);
                assertThat(viaAdd).isEqualTo(viaDouble).isNotEqualTo(encoded);
                EdwardsPoint plusZero = EdwardsPoint.decode(c.key());
                plusZero.add(new EdwardsPoint());
                byte[] same = new byte[32];
                plusZero.encode(same);
                assertThat(same).isEqualTo(encoded);
            }
        }

        @Test
        @DisplayName("signed digits (6 bits for a key, 8 for the base point) add up to the scalar")
        void digits() throws GeneralSecurityException {
            PrecomputedMultiples key =
                    Ed25519TableCheck.tableOf(signed(1, 1).get(0).key());
            for (int i = 0; i < 200; i++) {
                BigInteger scalar =
                        i == 0 ? L.subtract(BigInteger.ONE) : new BigInteger(253, new java.util.Random(i)).mod(L);
                assertThat(fromDigits(key.digits(toLittleEndian32(scalar)), key.bits()))
                        .isEqualTo(scalar);
                assertThat(fromDigits(Ed25519TableCheck.baseDigits(toLittleEndian32(scalar)), 8))
                        .isEqualTo(scalar);
            }
        }

        private BigInteger fromDigits(int[] digits, int bits) {
            BigInteger sum = BigInteger.ZERO;
            for (int j = digits.length - 1; j >= 0; j--) {
                assertThat(digits[j]).isBetween(-(1 << (bits - 1)), 1 << (bits - 1));
                sum = sum.shiftLeft(bits).add(BigInteger.valueOf(digits[j]));
            }
            return sum;
        }
    }

    @Test
    @DisplayName("small-order and non-canonical keys and R values: the same answer as the JDK, accepted or not")
    void edgeCasePoints() {
        HexFormat hex = HexFormat.of();
        byte[] message = "mesh".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int accepted = 0;
        for (String key : ODD_POINTS) {
            for (String r : ODD_POINTS) {
                for (byte[] s : List.of(new byte[32], toLittleEndian32(BigInteger.ONE), toLittleEndian32(L))) {
                    byte[] sig = new byte[64];
                    System.arraycopy(hex.parseHex(r), 0, sig, 0, 32);
                    System.arraycopy(s, 0, sig, 32, 32);
                    same(hex.parseHex(key), message, sig);
                    accepted += Ed25519Verification.jdkVerify(hex.parseHex(key), message, sig) ? 1 : 0;
                }
            }
        }
        // the identity key with R = identity and S = 0 passes the JDK's cofactorless check: the fast path must agree
        assertThat(accepted).isPositive();
    }

    @Test
    @DisplayName("wrong lengths and nulls are refused")
    void malformed() {
        assertThat(fast.verify(null, new byte[1], new byte[64])).isFalse();
        assertThat(fast.verify(new byte[31], new byte[1], new byte[64])).isFalse();
        assertThat(fast.verify(new byte[32], new byte[1], new byte[63])).isFalse();
        assertThat(fast.verify(new byte[32], new byte[1], null)).isFalse();
    }

    private int same(byte[] key, byte[] message, byte[] signature) {
        boolean jdk = Ed25519Verification.jdkVerify(key, message, signature);
        assertThat(fast.verify(key, message, signature)).as("fast path vs JDK").isEqualTo(jdk);
        return 1;
    }

    private List<Case> signed(int keys, int perKey) throws GeneralSecurityException {
        List<Case> cases = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            KeyPair pair = Ed25519Keys.generate();
            for (int i = 0; i < perKey; i++) {
                byte[] message = new byte[1 + random.nextInt(300)];
                random.nextBytes(message);
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(pair.getPrivate());
                signer.update(message);
                cases.add(new Case(Ed25519Keys.rawPublicKey(pair.getPublic()), message, signer.sign()));
            }
        }
        return cases;
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] r = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            r[i] = bytes[bytes.length - 1 - i];
        }
        return r;
    }

    private static byte[] toLittleEndian32(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
