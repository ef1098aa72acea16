package org.customervault.domain.crypto;

import com.github.benmanes.caffeine.cache.Cache;

/** A snapshot of a cache's counters, for metrics: never its entries. */
public record CacheStatistics(long hits, long misses, long evictions, long size) {

    public static CacheStatistics of(Cache<?, ?> cache) {
        var stats = cache.stats();
        return new CacheStatistics(stats.hitCount(), stats.missCount(), stats.evictionCount(), cache.estimatedSize());
    }
}
