package org.customervault.api.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aPeriodCountsCalendarTimeBack() {
        assertThat(InactiveFor.parse("P5Y").before(NOW)).isEqualTo(Instant.parse("2021-03-01T12:00:00Z"));
        assertThat(InactiveFor.parse("P1M").before(NOW)).isEqualTo(Instant.parse("2026-02-01T12:00:00Z"));
        assertThat(InactiveFor.parse("P2W").before(NOW)).isEqualTo(Instant.parse("2026-02-15T12:00:00Z"));
    }

    @Test
    void aDurationCountsExactTimeBack() {
        assertThat(InactiveFor.parse("PT10S").before(NOW)).isEqualTo(NOW.minusSeconds(10));
        assertThat(InactiveFor.parse("P3DT12H").before(NOW)).isEqualTo(NOW.minus(Duration.ofHours(84)));
        assertThat(InactiveFor.parse("30d").before(NOW)).isEqualTo(NOW.minus(Duration.ofDays(30)));
    }

    @Test
    void refusesWhatIsNoLength() {
        for (String wrong : List.of("", "five years", "P0D", "PT0S", "-P1Y", "PT-5S", "P1Y-2M")) {
            assertThatThrownBy(() -> InactiveFor.parse(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPolicyNeedsAShortNameAndALength() {
        assertThatThrownBy(() -> new RetentionSettings.Policy("Dormant Customers", "P5Y", null))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new RetentionSettings.Policy("dormant", null, null))
                .hasMessageContaining("inactive-for of policy dormant");
        assertThatThrownBy(() -> new RetentionSettings.Policy("dormant", "soon", null))
                .hasMessageContaining("inactive-for of policy dormant");
    }

    @Test
    void aNameIsUsedOnceAndRunsAreSpaced() {
        RetentionSettings.Policy dormant = new RetentionSettings.Policy("dormant", "P5Y", null);
        assertThatThrownBy(() -> new RetentionSettings(List.of(dormant, dormant), Duration.ofDays(1)))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> new RetentionSettings(List.of(dormant), Duration.ZERO))
                .hasMessageContaining("run-every");
        assertThat(dormant.requester()).isEqualTo("retention:dormant");
    }
}
