package org.customervault.domain.customer.api;

import java.time.Instant;
import org.customervault.domain.customer.CustomerId;

/**
 * Asks for a page of what happened to a customer, newest first; answered with a {@link TimelinePage}.
 * The page starts after {@code after} (the last entry of the page before) or, when it is null, at {@code offset}.
 * Without {@code personalDetails}, the entries leave out their personal details (an interaction's summary): they
 * are not even decrypted.
 */
public record FetchCustomerTimelineQuery(CustomerId customerId, Position after, long offset, int size,
                                         boolean personalDetails) {

    /** Where a page ended: its last entry's instant and sequence. */
    public record Position(Instant occurredAt, long sequence) {
    }

    public static FetchCustomerTimelineQuery first(CustomerId customerId, int size) {
        return new FetchCustomerTimelineQuery(customerId, null, 0, size, true);
    }
}
