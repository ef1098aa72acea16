package org.customervault.api.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.customervault.infra.keys.OpenBaoFence;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code erasureFence} in {@code /actuator/health} in mode transit: DOWN when the erasure fence in OpenBao
 * has not been read for three of its read intervals. The node keeps refusing the erasures it knows,
 * but not those made since by other nodes against a database restored from a backup, nor does a node
 * that starts now; the reason (OpenBao unreachable, a fence shard deleted) is in the details.
 */
class ErasureFenceHealthIndicator implements HealthIndicator {

    private static final int READS_MISSED = 3;

    private final OpenBaoFence fence;
    private final Duration interval;
    private final Clock clock;

    ErasureFenceHealthIndicator(OpenBaoFence fence, Duration interval, Clock clock) {
        this.fence = fence;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant readAt = fence.readAt();
        Health.Builder health = Duration.between(readAt, clock.instant()).compareTo(interval.multipliedBy(READS_MISSED)) > 0
                ? Health.down() : Health.up();
        health.withDetail("readAt", readAt.toString());
        fence.lastFailure().ifPresent(failure -> health.withDetail("error", failure));
        return health.build();
    }
}
