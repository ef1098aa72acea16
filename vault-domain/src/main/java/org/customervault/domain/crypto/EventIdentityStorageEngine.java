package org.customervault.domain.crypto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * A storage engine that writes each event's payload with the event's identity, so that
 * {@link PersonalDataSerializer} binds every personal value to the event that holds it and refuses
 * a payload whose subject is not the event's aggregate. A serializer only sees the payload; Axon's
 * storage engines serialize each event through {@link DomainEventMessage#serializePayload}, which
 * is where this engine passes the identity on. Reads get the identity from
 * {@link EventIdentityUpcaster}.
 */
public final class EventIdentityStorageEngine implements EventStorageEngine {

    private final EventStorageEngine engine;

    public EventIdentityStorageEngine(EventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        engine.appendEvents(events.stream().map(EventIdentityStorageEngine::identified).toList());
    }

    private static EventMessage<?> identified(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domainEvent ? new Identified<>(domainEvent) : event;
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

    /** The event as it is, except that {@link PersonalDataSerializer} writes its payload knowing the event. */
    private static final class Identified<T> extends GenericDomainEventMessage<T> {

        Identified(DomainEventMessage<T> event) {
            super(event.getType(), event.getAggregateIdentifier(), event.getSequenceNumber(), event, event::getTimestamp);
        }

        @Override
        public <S> SerializedObject<S> serializePayload(Serializer serializer, Class<S> expectedRepresentation) {
            if (serializer instanceof PersonalDataSerializer personal) {
                return personal.serializeEvent(getPayload(), new EventIdentity(getIdentifier(), getAggregateIdentifier()),
                        expectedRepresentation);
            }
            return super.serializePayload(serializer, expectedRepresentation);
        }
    }
}
