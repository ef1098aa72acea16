package org.customervault.domain.crypto;

import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.customervault.domain.eventstore.ForwardingEventStorageEngine;

/**
 * A storage engine that writes each event's payload with the event's identity, so that
 * {@link PersonalDataSerializer} binds every personal value to the event that holds it and refuses
 * a payload whose subject is not the event's aggregate. A serializer only sees the payload; Axon's
 * storage engines serialize each event through {@link DomainEventMessage#serializePayload}, which
 * is where this engine passes the identity on. Snapshots are written the same way, bound to the
 * snapshot's own identifier and its aggregate. Reads get the identity from
 * {@link EventIdentityUpcaster}.
 */
public final class EventIdentityStorageEngine extends ForwardingEventStorageEngine {

    public EventIdentityStorageEngine(EventStorageEngine engine) {
        super(engine);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        engine.appendEvents(events.stream().map(EventIdentityStorageEngine::identified).toList());
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        engine.storeSnapshot(new Identified<>(snapshot));
    }

    private static EventMessage<?> identified(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domainEvent ? new Identified<>(domainEvent) : event;
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
