package org.customervault.api.snapshot;

import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.customervault.domain.crypto.DecryptionFailedException;
import org.customervault.domain.customer.CustomerSnapshot;
import org.customervault.domain.eventstore.ForwardingEventStorageEngine;

/**
 * A storage engine that hands on a customer's snapshot only once it has been read whole, so that a
 * snapshot that cannot be read never breaks the customer: it is left out and the customer is loaded
 * from all its events, as without snapshots. Left out, each logged once (without any value):
 * <ul>
 *     <li>a snapshot of another type or revision than this version writes ({@link ReadableSnapshots});</li>
 *     <li>one the serializer refuses: moved from another customer or another row, changed around
 *     the serializer, or sealed under a key the customer never had;</li>
 *     <li>one whose sealed sequence number is not the one it is stored at (an older snapshot moved
 *     to a later place).</li>
 * </ul>
 * A snapshot that reads as erased (its customer's key is gone) is left out without a word: the
 * events tell that the customer was erased, and the customer answers as erased.
 *
 * <p>Axon reads a snapshot's payload only when the customer is built from it, too late to fall back;
 * and it would log the failure at every load. The next snapshot stored for the customer replaces the
 * one left out ({@link #storeSnapshot}).
 */
final class CheckedSnapshots extends ForwardingEventStorageEngine {

    private final CustomerSnapshots snapshots;
    private final ReadableSnapshots readable;

    CheckedSnapshots(EventStorageEngine engine, CustomerSnapshots snapshots, ReadableSnapshots readable) {
        super(engine);
        this.snapshots = snapshots;
        this.readable = readable;
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        Optional<DomainEventMessage<?>> stored = engine.readSnapshot(aggregateIdentifier);
        if (stored.isEmpty()) {
            return stored;
        }
        DomainEventMessage<?> snapshot = stored.get();
        try {
            // decrypted here, once: the message keeps the payload for the customer built from it
            if (!(snapshot.getPayload() instanceof CustomerSnapshot customer)) {
                throw new DecryptionFailedException("not a customer snapshot");
            }
            if (customer.personalDataErased()) {
                return Optional.empty();
            }
            if (customer.state().sequence() != snapshot.getSequenceNumber()) {
                throw new DecryptionFailedException("sealed for another sequence number than it is stored at");
            }
            return stored;
        } catch (RuntimeException | LinkageError refused) {
            readable.leftOut(snapshot.getIdentifier(), aggregateIdentifier, snapshot.getSequenceNumber(),
                    refused.getClass().getSimpleName() + ": " + refused.getMessage());
            return Optional.empty();
        }
    }

    /** Replaces every snapshot of the customer at or after this one's place, a refused one included. */
    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        snapshots.deleteFrom(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber());
        engine.storeSnapshot(snapshot);
    }
}
