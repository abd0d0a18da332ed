package dev.meshrooms.core.db;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What was read from a table of the global schema, kept in memory until the table changes ({@link ChangeFeed}), at
 * most {@code maxSize} entries for at most {@code ttl}. A value read while the table changed, or while the feed did
 * not listen, is used once and not kept. Absent values are never kept, so a row just added is found at once.
 */
public final class NotifiedCache<K, V> {
    private final Cache<K, V> cache;
    private final ChangeFeed.Table table;

    public NotifiedCache(ChangeFeed.Table table, int maxSize, Duration ttl) {
        this.table = table;
        this.cache =
                Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
        table.onChange(cache::invalidateAll);
    }

    /** The kept value of {@code key}, or what {@code load} reads (kept if the table did not change meanwhile). */
    public V get(K key, Function<K, V> load) {
        V value = cache.getIfPresent(key);
        if (value != null) {
            return value;
        }
        long stamp = table.stamp();
        value = load.apply(key);
        if (value != null && table.unchangedSince(stamp)) {
            cache.put(key, value);
            if (!table.unchangedSince(stamp)) {
                // changed between the check and the put, after the feed dropped everything
                cache.invalidate(key);
            }
        }
        return value;
    }

    /** The values of {@code keys}: those kept, and the others read at once by {@code load} (missing keys: absent). */
    public Map<K, V> getAll(Collection<K> keys, Function<Collection<K>, Map<K, V>> load) {
        Map<K, V> found = new HashMap<>(cache.getAllPresent(keys));
        if (found.size() == keys.size()) {
            return found;
        }
        var missing = keys.stream().filter(k -> !found.containsKey(k)).toList();
        long stamp = table.stamp();
        Map<K, V> loaded = load.apply(missing);
        if (table.unchangedSince(stamp)) {
            cache.putAll(loaded);
            if (!table.unchangedSince(stamp)) {
                cache.invalidateAll(loaded.keySet());
            }
        }
        found.putAll(loaded);
        return found;
    }

    /**
     * Forgets everything kept of the table, here and in its other caches, after this process changed the table itself
     * (before the feed says so): a value read before the change is not kept either.
     */
    public void forgetAll() {
        table.changed();
    }
}
