package org.customervault.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdempotencySettingsTest {

    private static final Duration IN_FLIGHT = Duration.ofMinutes(5);
    private static final Duration PURGE = Duration.ofHours(1);

    @Test
    void aRetentionShorterThanTheContractsDayStopsTheStart() {
        assertThatThrownBy(() -> new IdempotencySettings(Duration.ofHours(23).plusMinutes(59), IN_FLIGHT, PURGE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vault.api.idempotency.retention");
    }

    @Test
    void aDayOrMoreIsKept() {
        assertThat(new IdempotencySettings(Duration.ofHours(24), IN_FLIGHT, PURGE).retention()).hasHours(24);
        assertThat(new IdempotencySettings(Duration.ofDays(7), IN_FLIGHT, PURGE).retention()).hasDays(7);
    }

    @Test
    void timesMustBePositive() {
        assertThatThrownBy(() -> new IdempotencySettings(Duration.ofDays(1), Duration.ZERO, PURGE))
                .hasMessageContaining("in-flight-timeout");
        assertThatThrownBy(() -> new IdempotencySettings(Duration.ofDays(1), IN_FLIGHT, Duration.ofSeconds(-1)))
                .hasMessageContaining("purge-interval");
    }
}
