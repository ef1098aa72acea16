package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final AtomicLong now = new AtomicLong();
    private final Ticker ticker = now::get;
    private final RateLimit limit = new RateLimit(new SecuritySettings.Limit(3, Duration.ofMinutes(1)), 100, ticker);

    @Test
    void countsUpToTheLimitThenSaysHowLongUntilTheWindowPasses() {
        assertThat(limit.count("ana")).isEmpty();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(limit.count("ana")).isEmpty();
        assertThat(limit.exhausted("ana")).isEmpty();
        assertThat(limit.count("ana")).isEmpty();

        assertThat(limit.exhausted("ana")).contains(Duration.ofSeconds(50));
        assertThat(limit.count("ana")).contains(Duration.ofSeconds(50));
        assertThat(limit.count("bob")).as("each key has its own count").isEmpty();
    }

    @Test
    void aNewWindowOpensOnceTheOldOneHasPassed() {
        for (int i = 0; i < 4; i++) {
            limit.count("ana");
        }
        now.addAndGet(Duration.ofMinutes(1).toNanos());

        assertThat(limit.exhausted("ana")).isEmpty();
        assertThat(limit.count("ana")).isEmpty();
    }

    @Test
    void checkingDoesNotCount() {
        for (int i = 0; i < 10; i++) {
            assertThat(limit.exhausted("ana")).isEmpty();
        }
        assertThat(limit.count("ana")).isEmpty();
    }
}
