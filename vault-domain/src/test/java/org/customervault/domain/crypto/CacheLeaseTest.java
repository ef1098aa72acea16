package org.customervault.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheLeaseTest {

    private final CacheLease lease = new CacheLease();

    @Test
    void isNotHeldBeforeTheFirstProof() {
        assertThat(lease.held()).isFalse();
    }

    @Test
    void isHeldForItsLengthFromWhenTheProofBegan() {
        lease.renew(System.nanoTime(), Duration.ofMinutes(1));

        assertThat(lease.held()).isTrue();
    }

    @Test
    void lapsesWhenTheProofBeganLongerAgoThanItsLength() {
        lease.renew(System.nanoTime() - Duration.ofMinutes(2).toNanos(), Duration.ofMinutes(1));

        assertThat(lease.held()).isFalse();
    }

    @Test
    void isNeverShortenedByAnOlderProofArrivingLate() {
        long now = System.nanoTime();
        lease.renew(now, Duration.ofMinutes(1));
        lease.renew(now - Duration.ofMinutes(2).toNanos(), Duration.ofMinutes(1));

        assertThat(lease.held()).isTrue();
    }
}
