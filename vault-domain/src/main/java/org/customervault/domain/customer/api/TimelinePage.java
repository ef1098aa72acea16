package org.customervault.domain.customer.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page of a customer's timeline, newest first, with personal details decrypted; {@code next} is
 * where the following page starts, null on the last.
 */
public record TimelinePage(List<Entry> items, long total, FetchCustomerTimelineQuery.Position next) {

    /** One event in the customer's life: {@code details} hold its facts by name. */
    public record Entry(long sequence, String kind, Instant occurredAt, Instant recordedAt, String actor,
                        Map<String, Object> details) {
    }
}
