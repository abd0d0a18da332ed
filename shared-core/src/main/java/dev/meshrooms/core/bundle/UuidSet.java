package dev.meshrooms.core.bundle;

/**
 * A set of uuids held as two longs each (17 bytes a slot, at least half the slots free), for checking a bundle's ids
 * while its rows stream past: a million ids take 34 MiB.
 */
final class UuidSet {
    private long[] table = new long[2 * 1024];
    private boolean[] used = new boolean[1024];
    private int size;

    /** Adds the uuid; false if it was there already. */
    boolean add(long high, long low) {
        int slot = find(high, low);
        if (used[slot]) {
            return false;
        }
        used[slot] = true;
        table[2 * slot] = high;
        table[2 * slot + 1] = low;
        if (++size * 2 > used.length) {
            grow();
        }
        return true;
    }

    boolean contains(long high, long low) {
        return used[find(high, low)];
    }

    int size() {
        return size;
    }

    interface Visitor {
        void visit(long high, long low);
    }

    void forEach(Visitor visitor) {
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                visitor.visit(table[2 * i], table[2 * i + 1]);
            }
        }
    }

    /** The slot holding the uuid, or the free slot where it would go. */
    private int find(long high, long low) {
        int mask = used.length - 1;
        int slot = Long.hashCode(high * 31 + low) * 0x9E3779B9 >>> 7 & mask;
        while (used[slot] && (table[2 * slot] != high || table[2 * slot + 1] != low)) {
            slot = slot + 1 & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldTable = table;
        boolean[] oldUsed = used;
        table = new long[oldTable.length * 2];
        used = new boolean[oldUsed.length * 2];
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                int slot = find(oldTable[2 * i], oldTable[2 * i + 1]);
                used[slot] = true;
                table[2 * slot] = oldTable[2 * i];
                table[2 * slot + 1] = oldTable[2 * i + 1];
            }
        }
    }
}
