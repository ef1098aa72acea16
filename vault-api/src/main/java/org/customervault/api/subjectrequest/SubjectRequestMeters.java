package org.customervault.api.subjectrequest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code vault_requests_overdue} and {@code vault_requests_due_soon}: open data subjects' requests past
 * their due date, and those due within {@value #DUE_SOON_DAYS} days, each in its jurisdiction's
 * calendar. Counts only, without tags: nothing about who asked.
 */
@Component
class SubjectRequestMeters implements MeterBinder {

    /** Three days: enough to act on a warning before a ten-business-day term runs out. */
    static final int DUE_SOON_DAYS = 3;

    private final SubjectRequests requests;

    SubjectRequestMeters(SubjectRequests requests) {
        this.requests = requests;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("vault.requests.overdue", requests, SubjectRequests::countOverdue)
                .description("Open data subjects' requests past their legal due date").baseUnit("requests")
                .register(registry);
        Gauge.builder("vault.requests.due.soon", requests, store -> store.countDueWithin(DUE_SOON_DAYS))
                .description("Open data subjects' requests due within " + DUE_SOON_DAYS + " days")
                .baseUnit("requests").register(registry);
    }
}
