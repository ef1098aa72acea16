package org.customervault.api.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.customervault.domain.customer.api.TimelinePage;

/** A page of a customer's timeline, newest first. */
public record TimelineResponse(List<Entry> items, int page, int size, long total) {

    /** {@code kind} is REGISTERED, RECTIFIED, INTERACTION, PURCHASE, CONSENT_GRANTED, ... */
    public record Entry(long sequence, String kind, Instant occurredAt, Instant recordedAt, String actor,
                        Map<String, Object> details) {
    }

    static TimelineResponse of(TimelinePage page) {
        return new TimelineResponse(page.items().stream()
                .map(e -> new Entry(e.sequence(), e.kind(), e.occurredAt(), e.recordedAt(), e.actor(), e.details()))
                .toList(), page.page(), page.size(), page.total());
    }
}
