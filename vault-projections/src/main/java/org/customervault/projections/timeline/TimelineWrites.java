package org.customervault.projections.timeline;

import java.time.Instant;
import java.util.UUID;
import org.customervault.domain.customer.CustomerId;

/**
 * Where the timeline's handlers put its entries: the database as each batch of events commits
 * ({@link TimelineStatements}), or a bulk rebuild's memory, written once per chunk
 * ({@link CustomerTimelineFold}). An entry is keyed by its customer and sequence number: one that
 * exists is kept.
 */
interface TimelineWrites {

    /** An entry, its details as JSON and its personal details sealed. */
    record Entry(UUID customerId, long sequence, String kind, Instant occurredAt, Instant recordedAt, String actor,
                 String details, String personal) {
    }

    /** Empties the timeline. */
    void reset();

    void record(Entry entry);

    /** Deletes the customer's entries, those recorded before in the same batch too. */
    void purge(CustomerId id);
}
