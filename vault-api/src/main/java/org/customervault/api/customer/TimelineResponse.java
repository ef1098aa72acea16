package org.customervault.api.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.customervault.api.listing.Paging;
import org.customervault.domain.customer.api.TimelinePage;

/** A page of a customer's timeline, newest first; {@code page} is null when paging by cursor, {@code nextCursor} on the last page. */
public record TimelineResponse(List<Entry> items, Integer page, int size, long total, String nextCursor) {

    /** {@code kind} is REGISTERED, RECTIFIED, INTERACTION, PURCHASE, CONSENT_GRANTED, ... */
    public record Entry(long sequence, String kind, Instant occurredAt, Instant recordedAt, String actor,
                        Map<String, Object> details) {
    }

    static TimelineResponse of(TimelinePage page, Paging paging, String nextCursor) {
        return new TimelineResponse(page.items().stream()
                .map(e -> new Entry(e.sequence(), e.kind(), e.occurredAt(), e.recordedAt(), e.actor(), e.details()))
                .toList(), paging.page(), paging.size(), page.total(), nextCursor);
    }
}
