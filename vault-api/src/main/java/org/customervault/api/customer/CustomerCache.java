package org.customervault.api.customer;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.customervault.domain.crypto.CacheLease;
import org.customervault.domain.crypto.CacheStatistics;

/**
 * Customers' aggregates kept in memory between commands, bounded in count and age, so that a
 * command does not read and decrypt the customer's whole history again. A cached customer holds
 * personal data in plaintext (in memory only), so an erasure evicts it on every node, and a node
 * whose {@link CacheLease} has lapsed (it may have missed an erasure) reads every customer afresh.
 */
public final class CustomerCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
    private final CacheLease lease;

    CustomerCache(long maximumSize, Duration maximumAge, CacheLease lease) {
        this.lease = lease;
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(maximumAge).recordStats().build();
    }

    /** Hits, misses, evictions and size, for metrics; the entries never leave this class. */
    CacheStatistics statistics() {
        return CacheStatistics.of(entries);
    }

    /** Drops the customer's aggregate: after an erasure, or whenever it may be stale. */
    public void evict(String customerId) {
        entries.invalidate(customerId);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return lease.held() ? (V) entries.getIfPresent(key) : null;
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("the customer cache tells no listeners of its entries");
    }
}
