package org.customervault.api.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * The event store's storage engine with its appends timed ({@code vault.eventstore.append}): the
 * encryption of the events and their insert. The wait for the disk comes at the transaction's
 * commit and is part of the command's own time ({@code commandBus} metrics).
 */
public final class TimedEventStorageEngine implements EventStorageEngine {

    private final EventStorageEngine engine;
    private final Timer appends;

    public TimedEventStorageEngine(EventStorageEngine engine, Timer appends) {
        this.engine = engine;
        this.appends = appends;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        appends.record(() -> engine.appendEvents(events));
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        engine.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return engine.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return engine.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return engine.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return engine.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return engine.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return engine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return engine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return engine.createTokenAt(dateTime);
    }
}
