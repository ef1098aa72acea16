package org.customervault.api.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.customervault.infra.keys.OpenBaoFence;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code erasureFence} in {@code /actuator/health} in mode transit: DEGRADED when the erasure fence in
 * OpenBao has not been read for three of its read intervals. The node stays in service: it keeps
 * refusing every erasure it knows, and the live database's own fence refuses those made since by
 * other nodes; only a database restored from a backup meanwhile would not be caught, and a node
 * starting now does not start. The reason (OpenBao unreachable, a fence shard deleted) is in the details.
 */
class ErasureFenceHealthIndicator implements HealthIndicator {

    private static final int READS_MISSED = 3;
    private static final Status DEGRADED = new Status("DEGRADED", "the erasure fence in OpenBao is not being read");

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
                ? Health.status(DEGRADED) : Health.up();
        health.withDetail("readAt", readAt.toString());
        fence.lastFailure().ifPresent(failure -> health.withDetail("error", failure));
        return health.build();
    }
}
