package org.customervault.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * At most {@code limit} events per key (a user, a client address) in a fixed window that opens with
 * the key's first event. In memory and per node: a limit that several nodes share lets a client
 * that spreads its requests over them do that many times more. The keys are bounded in number; when
 * more keys are active than that, the least recently used lose their count.
 */
public final class RateLimit {

    private record Window(long openedAt, int count) {
    }

    private final int limit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Window> windows;

    public RateLimit(SecuritySettings.Limit settings, long maximumKeys, Ticker ticker) {
        this.limit = settings.limit();
        this.windowNanos = settings.window().toNanos();
        this.ticker = ticker;
        this.windows = Caffeine.newBuilder().maximumSize(maximumKeys).expireAfterWrite(settings.window())
                .ticker(ticker).build();
    }

    /** The count of requests a limit refused, tagged with the limit's name only: never a user or an address. */
    public static Counter refusals(MeterRegistry meters, String limit) {
        return Counter.builder("vault.rate.limited").tag("limit", limit)
                .description("Requests refused with 429 by a rate limit").register(meters);
    }

    /** Counts an event for the key: empty while within the limit, otherwise how long until the window passes. */
    public Optional<Duration> count(String key) {
        long now = ticker.read();
        Window window = windows.asMap().compute(key, (k, current) -> current == null || passed(current, now)
                ? new Window(now, 1) : new Window(current.openedAt(), current.count() + 1));
        return window.count() > limit ? Optional.of(remaining(window, now)) : Optional.empty();
    }

    /** Whether the key has used up its limit, without counting: how long until the window passes. */
    public Optional<Duration> exhausted(String key) {
        long now = ticker.read();
        Window window = windows.getIfPresent(key);
        return window != null && !passed(window, now) && window.count() >= limit
                ? Optional.of(remaining(window, now)) : Optional.empty();
    }

    private boolean passed(Window window, long now) {
        return now - window.openedAt() >= windowNanos;
    }

    private Duration remaining(Window window, long now) {
        return Duration.ofNanos(window.openedAt() + windowNanos - now);
    }
}
