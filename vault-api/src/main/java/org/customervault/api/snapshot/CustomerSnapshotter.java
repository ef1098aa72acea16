package org.customervault.api.snapshot;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.customervault.domain.customer.Customer;

/**
 * Takes a customer's snapshot off the command's thread, after the command committed: loads the
 * customer (from its last snapshot and the events after it) and stores its state as a
 * {@link org.customervault.domain.customer.CustomerSnapshot}, which the serializer seals under the
 * customer's key. Axon's own snapshotter would store the aggregate object itself, whose fields no
 * serializer here could tell personal from not. No snapshot is stored for a customer whose erasure was
 * asked for.
 */
final class CustomerSnapshotter extends AggregateSnapshotter {

    private final CustomerSnapshots snapshots;

    CustomerSnapshotter(AggregateSnapshotter.Builder builder, CustomerSnapshots snapshots) {
        super(builder);
        this.snapshots = snapshots;
    }

    /** Runs in the snapshot's transaction: the customer's snapshot lock first, so that an erasure waits for it. */
    @Override
    protected Runnable createSnapshotterTask(Class<?> aggregateType, String aggregateIdentifier) {
        Runnable task = super.createSnapshotterTask(aggregateType, aggregateIdentifier);
        return () -> {
            snapshots.hold(aggregateIdentifier);
            task.run();
        };
    }

    @Override
    protected DomainEventMessage<?> createSnapshot(Class<?> aggregateType, String aggregateIdentifier,
                                                   DomainEventStream eventStream) {
        DomainEventMessage<?> loaded = super.createSnapshot(aggregateType, aggregateIdentifier, eventStream);
        if (loaded == null || !(loaded.getPayload() instanceof Customer customer)) {
            return null;
        }
        return customer.snapshot()
                .map(snapshot -> new GenericDomainEventMessage<>(loaded.getType(), aggregateIdentifier,
                        loaded.getSequenceNumber(), snapshot))
                .orElse(null);
    }
}
