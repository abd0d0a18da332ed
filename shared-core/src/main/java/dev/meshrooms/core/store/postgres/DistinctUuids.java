package dev.meshrooms.core.store.postgres;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The distinct uuids of a column, collected row by row without an object per row: an open-addressing table of the
 * two halves, and the order they first came in.
 */
final class DistinctUuids {
    private long[] table = new long[2 * 64];
    private boolean[] used = new boolean[64];
    private long[] order = new long[2 * 16];
    private int size;

    void add(long high, long low) {
        int mask = used.length - 1;
        int slot = Long.hashCode(high * 31 + low) * 0x9E3779B9 >>> 7 & mask;
        while (used[slot]) {
            if (table[2 * slot] == high && table[2 * slot + 1] == low) {
                return;
            }
            slot = slot + 1 & mask;
        }
        used[slot] = true;
        table[2 * slot] = high;
        table[2 * slot + 1] = low;
        if (2 * size == order.length) {
            order = Arrays.copyOf(order, order.length * 2);
        }
        order[2 * size] = high;
        order[2 * size + 1] = low;
        if (++size * 2 > used.length) {
            grow();
        }
    }

    /** Adds the uuids collected, in the order they first came, to {@code into}. */
    void addTo(Set<UUID> into) {
        for (int i = 0; i < size; i++) {
            into.add(new UUID(order[2 * i], order[2 * i + 1]));
        }
    }

    Set<UUID> toSet() {
        Set<UUID> set = new LinkedHashSet<>();
        addTo(set);
        return set;
    }

    private void grow() {
        long[] old = order;
        int count = size;
        table = new long[table.length * 2];
        used = new boolean[used.length * 2];
        order = new long[old.length];
        size = 0;
        for (int i = 0; i < count; i++) {
            add(old[2 * i], old[2 * i + 1]);
        }
    }
}
