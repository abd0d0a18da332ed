package dev.meshrooms.core.signature;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies Ed25519 signatures with the results of the JDK's verifier, many times faster. It first tries what can only
 * say "valid" when the JDK would too, cheapest first:
 *
 * <ol>
 *   <li>for an author seen {@value #TABLE_AFTER_USES} times or more (counting the signatures checked together in one
 *       {@link #verifyAll} call), RFC 8032's cofactorless equation on the key's
 *       precomputed multiples ({@link Ed25519TableCheck}, about half BouncyCastle's time: a room's signatures come
 *       from far fewer authors than messages);
 *   <li>BouncyCastle's RFC 8032 code with the author's key decoded once and cached, which is stricter than the JDK's:
 *       it accepts only canonical encodings, {@code S < L} and public keys of full order, then checks the same
 *       equation.
 * </ol>
 *
 * What either accepts the JDK accepts too. What both refuse goes to the JDK for the final word, so an edge case the
 * JDK accepts (a small-order key, say) is never reported invalid here. Invalid signatures therefore cost the JDK's
 * time; valid ones — nearly all in a real room — the fast paths'. Keys' tables (82.5 KiB each) take at most a third of
 * the heap and no more than 128 MiB: about 1,060 keys in a heap of 256 MiB.
 */
public final class Ed25519Verification {
    static final int TABLE_AFTER_USES = 4;
    private static final int MAX_CACHED_KEYS = 50_000;
    /** How many keys get tables: their memory at most a third of the heap, and 128 MiB. */
    private static final int MAX_TABLES =
            (int) (Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 3) / PrecomputedMultiples.KEY_TABLE_BYTES);

    private final ConcurrentMap<Key, KnownKey> keys = new ConcurrentHashMap<>();
    private final AtomicInteger tables = new AtomicInteger();
    private final LongAdder onTables = new LongAdder();

    /** True when {@code signature} is the owner of {@code rawKey}'s Ed25519 signature over {@code message}. */
    public boolean verify(byte[] rawKey, byte[] message, byte[] signature) {
        boolean[] valid = new boolean[1];
        verifyAll(new byte[][] {rawKey}, new byte[][] {message}, new byte[][] {signature}, 1, valid);
        return valid[0];
    }

    /**
     * {@link #verify} for the first {@code n} of each array, into {@code valid}: the same answers, cheaper together
     * (the table checks share their inversions; an author's signatures next to each other share the cache).
     */
    public void verifyAll(byte[][] rawKeys, byte[][] messages, byte[][] signatures, int n, boolean[] valid) {
        byte[][] keys = new byte[n][];
        KnownKey[] known = new KnownKey[n];
        PrecomputedMultiples[] tables = new PrecomputedMultiples[n];
        boolean anyTable = false;
        java.util.Arrays.fill(valid, 0, n, false);
        for (int i = 0; i < n; i++) {
            byte[] rawKey = rawKeys[i];
            if (rawKey == null
                    || rawKey.length != Ed25519.PUBLIC_KEY_SIZE
                    || signatures[i] == null
                    || signatures[i].length != Ed25519.SIGNATURE_SIZE) {
                continue; // no key: never valid
            }
            // one copy for the whole check: the key that finds a cached point or table is the key that is hashed
            keys[i] = rawKey.clone();
            known[i] = known(keys[i]);
            tables[i] = known[i].point == null ? null : table(known[i], keys[i]);
            anyTable |= tables[i] != null;
        }
        if (anyTable) { // else no need for the tables' class (its base table) or a thread's scratch
            // a table made at a later signature of the same call serves that author's earlier ones too
            int onTable = 0;
            for (int i = 0; i < n; i++) {
                if (tables[i] == null && known[i] != null) {
                    tables[i] = known[i].multiples;
                }
                onTable += tables[i] != null ? 1 : 0;
            }
            onTables.add(onTable);
            Ed25519TableCheck.holds(tables, keys, messages, signatures, n, valid);
        }
        for (int i = 0; i < n; i++) {
            if (valid[i] || known[i] == null) {
                continue;
            }
            byte[] message = messages[i];
            valid[i] = (known[i].point != null
                            && Ed25519.verify(signatures[i], 0, known[i].point, message, 0, message.length))
                    || jdkVerify(keys[i], message, signatures[i]);
        }
    }

    /** What is known of the key, cached (at most {@value #MAX_CACHED_KEYS} keys). */
    private KnownKey known(byte[] key) {
        KnownKey known = keys.get(new Key(key));
        if (known == null) {
            if (keys.size() >= MAX_CACHED_KEYS) {
                keys.clear();
                tables.set(0);
            }
            // a null point: not a full-order key
            KnownKey fresh = new KnownKey(Ed25519.validatePublicKeyFullExport(key, 0));
            known = keys.putIfAbsent(new Key(key), fresh);
            known = known == null ? fresh : known;
        }
        return known;
    }

    /** The key's table once it was seen {@value #TABLE_AFTER_USES} times (while fewer than the maximum exist). */
    private PrecomputedMultiples table(KnownKey known, byte[] key) {
        PrecomputedMultiples multiples = known.multiples;
        if (multiples == null
                && known.uses.get() < TABLE_AFTER_USES
                && known.uses.incrementAndGet() == TABLE_AFTER_USES
                && tables.incrementAndGet() <= MAX_TABLES) {
            multiples = Ed25519TableCheck.tableOf(key);
            known.multiples = multiples;
        }
        return multiples;
    }

    /** Signatures checked on a key's table so far (for tests). */
    long checkedOnTables() {
        return onTables.sum();
    }

    /** Whether a key has its precomputed multiples (for tests). */
    boolean hasTable(byte[] rawKey) {
        KnownKey known = keys.get(new Key(rawKey));
        return known != null && known.multiples != null;
    }

    /** What is known of a key: its decoded point (null: not of full order), how often it was seen, its table. */
    private static final class KnownKey {
        final Ed25519.PublicPoint point;
        final AtomicInteger uses = new AtomicInteger();
        volatile PrecomputedMultiples multiples;

        KnownKey(Ed25519.PublicPoint point) {
            this.point = point;
        }
    }

    /** The JDK's verifier alone (the reference the fast path must agree with). */
    static boolean jdkVerify(byte[] rawKey, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(Ed25519Keys.publicKey(rawKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A raw key as a map key (arrays compare by identity). */
    private record Key(byte[] raw) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(raw, k.raw);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(raw);
        }

        @Override
        public String toString() {
            return "Key[" + raw.length + " bytes]";
        }
    }
}
