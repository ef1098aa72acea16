package org.customervault.api.subjectrequest;

import java.util.List;
import java.util.UUID;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code dataSubjectRequests} in {@code /actuator/health}: the overdue requests' ids and how many are due
 * soon. Always UP: an overdue request is a legal matter for the compliance officer, not a fault of the
 * vault, and a DOWN would take a healthy node out of a load balancer.
 */
@Component("dataSubjectRequests")
class SubjectRequestsHealthIndicator implements HealthIndicator {

    private static final int SHOWN = 20;

    private final SubjectRequests requests;

    SubjectRequestsHealthIndicator(SubjectRequests requests) {
        this.requests = requests;
    }

    @Override
    public Health health() {
        List<UUID> overdue = requests.overdue(SHOWN);
        Health.Builder health = Health.up()
                .withDetail("overdue", requests.countOverdue())
                .withDetail("dueSoon", requests.countDueWithin(SubjectRequestMeters.DUE_SOON_DAYS));
        if (!overdue.isEmpty()) {
            health.withDetail("overdueRequests", overdue.stream().map(UUID::toString).toList());
        }
        return health.build();
    }
}
