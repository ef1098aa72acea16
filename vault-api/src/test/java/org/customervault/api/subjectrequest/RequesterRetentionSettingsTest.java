package org.customervault.api.subjectrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** vault.requests.*: what the vault refuses to start with, and what a kept-for value means. */
class RequesterRetentionSettingsTest {

    private static final Duration HOURLY = Duration.ofHours(1);

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "three years", "-P3Y", "P-1D", "-PT1H", "P0D", "PT0S", "PT0.5S", "999ms", "0s",
            "P0Y0M0D"})
    void aMissingMalformedNegativeZeroOrSubSecondRetentionStopsTheStart(String keptFor) {
        assertThatThrownBy(() -> new RequesterRetentionSettings(keptFor, HOURLY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("vault.requests.requester-kept-for ");
    }

    @Test
    void noValueAtAllStopsTheStartToo() {
        assertThatThrownBy(() -> new RequesterRetentionSettings(null, HOURLY))
                .hasMessageStartingWith("vault.requests.requester-kept-for ");
    }

    @ParameterizedTest
    @CsvSource({"P3Y, 2023-11-30T12:00:00Z", "P18M, 2025-05-30T12:00:00Z", "PT1S, 2026-11-30T11:59:59Z",
            "30d, 2026-10-31T12:00:00Z", "P1DT1H, 2026-11-29T11:00:00Z"})
    void aPeriodCountsBackInCalendarTimeAndADurationExactly(String keptFor, String closedBefore) {
        RequesterRetentionSettings settings = new RequesterRetentionSettings(keptFor, HOURLY);

        assertThat(settings.keptFor().before(Instant.parse("2026-11-30T12:00:00Z"))).isEqualTo(Instant.parse(closedBefore));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT1H", "PT0.099S"})
    void aSweepIntervalThatWouldSpinStopsTheStart(String every) {
        assertThatThrownBy(() -> new RequesterRetentionSettings("P3Y", Duration.parse(every)))
                .hasMessageStartingWith("vault.requests.shred-every ");
    }
}
