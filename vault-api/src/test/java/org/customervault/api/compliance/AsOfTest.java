package org.customervault.api.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.TimeZone;
import org.customervault.api.problem.InvalidRequestException;
import org.junit.jupiter.api.Test;

class AsOfTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void aDateIsTheStartOfThatDayInUtcWhateverTheServersZone() {
        TimeZone serversZone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Argentina/Buenos_Aires"));
            assertThat(AsOf.parse("asOf", "2026-01-31")).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            assertThat(AsOf.parse("asOf", "2026-01-31")).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
        } finally {
            TimeZone.setDefault(serversZone);
        }
    }

    @Test
    void anInstantKeepsItsOffset() {
        assertThat(AsOf.parse("from", "2026-01-31T10:15:30-03:00")).isEqualTo(Instant.parse("2026-01-31T13:15:30Z"));
    }

    @Test
    void cannotNameAMomentInTheFuture() {
        assertThatThrownBy(() -> AsOf.historyMoment("2026-11-30T12:05:01Z", NOW))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused ->
                        assertThat(refused.violations().get(0).field()).isEqualTo("asOf"));
        assertThatThrownBy(() -> AsOf.historyMoment("2099-01-01", NOW)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aMomentWithinTheClocksToleranceIsNow() {
        assertThat(AsOf.historyMoment("2026-11-30T12:04:00Z", NOW)).isEqualTo(NOW);
        assertThat(AsOf.historyMoment("2026-11-30T11:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
    }

    @Test
    void cannotNameAZoneByName() {
        assertThatThrownBy(() -> AsOf.parse("to", "2026-01-31T10:15:30+01:00[Europe/Paris]"))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused ->
                        assertThat(refused.violations().get(0).field()).isEqualTo("to"));
    }
}
