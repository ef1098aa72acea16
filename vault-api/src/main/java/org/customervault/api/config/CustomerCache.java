package org.customervault.api.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Customers' aggregates kept in memory between commands, bounded in count and age, so that a
 * command does not read and decrypt the customer's whole history again. A cached customer holds
 * personal data in plaintext (in memory only), so an erasure evicts it on every node.
 */
final class CustomerCache implements Cache {

    private static final String NAME = "vault.customers";

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    CustomerCache(long maximumSize, Duration maximumAge) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(maximumAge).recordStats().build();
    }

    /** {@code cache_gets_total}, {@code cache_evictions_total} and {@code cache_size} for {@code cache="vault.customers"}. */
    MeterBinder metrics() {
        return registry -> {
            FunctionCounter.builder("cache.gets", this, cache -> cache.entries.stats().hitCount())
                    .tags("cache", NAME, "result", "hit").register(registry);
            FunctionCounter.builder("cache.gets", this, cache -> cache.entries.stats().missCount())
                    .tags("cache", NAME, "result", "miss").register(registry);
            FunctionCounter.builder("cache.evictions", this, cache -> cache.entries.stats().evictionCount())
                    .tag("cache", NAME).register(registry);
            Gauge.builder("cache.size", this, cache -> cache.entries.estimatedSize()).tag("cache", NAME).register(registry);
        };
    }

    /** Drops the customer's aggregate: after an erasure, or whenever it may be stale. */
    void evict(String customerId) {
        entries.invalidate(customerId);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
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
