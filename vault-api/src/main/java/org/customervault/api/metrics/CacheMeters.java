package org.customervault.api.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.customervault.domain.crypto.CacheStatistics;

/**
 * {@code cache_gets_total{result="hit|miss"}}, {@code cache_evictions_total} and {@code cache_size}
 * for one of the vault's caches, read from statistics snapshots, so that no meter holds the cache.
 */
public final class CacheMeters {

    private CacheMeters() {
    }

    public static <T> void register(MeterRegistry registry, String cache, T owner, Function<T, CacheStatistics> statistics) {
        FunctionCounter.builder("cache.gets", owner, it -> statistics.apply(it).hits())
                .tags("cache", cache, "result", "hit").register(registry);
        FunctionCounter.builder("cache.gets", owner, it -> statistics.apply(it).misses())
                .tags("cache", cache, "result", "miss").register(registry);
        FunctionCounter.builder("cache.evictions", owner, it -> statistics.apply(it).evictions())
                .tag("cache", cache).register(registry);
        Gauge.builder("cache.size", owner, it -> statistics.apply(it).size()).tag("cache", cache).register(registry);
    }
}
