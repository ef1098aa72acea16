package org.customervault.api.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.DefaultDeadLetterJdbcConverter;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.customervault.domain.crypto.EventIdentity;
import org.customervault.domain.crypto.IdentifiedPayload;

/**
 * Reads parked events back with their identity, as the event store does through its upcaster:
 * the serializer reads an event with personal data only together with the event id and aggregate
 * id it was stored under (here the queue's own columns, copied from the event store when the event
 * was parked), so a parked payload is held to the same checks as a stored one.
 */
final class IdentifiedDeadLetters extends DefaultDeadLetterJdbcConverter<EventMessage<?>> {

    private final DeadLetterSchema schema;
    private final Serializer eventSerializer;

    IdentifiedDeadLetters(DeadLetterSchema schema, Serializer genericSerializer, Serializer eventSerializer) {
        super(DefaultDeadLetterJdbcConverter.<EventMessage<?>>builder().schema(schema)
                .genericSerializer(genericSerializer).eventSerializer(eventSerializer));
        this.schema = schema;
        this.eventSerializer = eventSerializer;
    }

    @Override
    public JdbcDeadLetter<EventMessage<?>> convertToLetter(ResultSet row) throws SQLException {
        JdbcDeadLetter<EventMessage<?>> letter = super.convertToLetter(row);
        if (!(letter.message() instanceof TrackedEventMessage<?> tracked)
                || !(letter.message() instanceof DomainEventMessage<?> event)) {
            return letter;
        }
        SimpleSerializedObject<byte[]> payload = new SimpleSerializedObject<>(row.getBytes(schema.payloadColumn()),
                byte[].class, row.getString(schema.payloadTypeColumn()), row.getString(schema.payloadRevisionColumn()));
        EventIdentity identity = new EventIdentity(event.getIdentifier(), event.getAggregateIdentifier());
        SerializedMessage<?> identified = new SerializedMessage<>(event.getIdentifier(),
                new LazyDeserializingObject<>(new IdentifiedPayload<>(payload, identity), eventSerializer),
                new LazyDeserializingObject<>(event.getMetaData()));
        return new JdbcDeadLetter<>(letter.getIdentifier(), letter.getSequenceIndex(), letter.getSequenceIdentifier(),
                letter.enqueuedAt(), letter.lastTouched(), letter.cause().orElse(null), letter.diagnostics(),
                new GenericTrackedDomainEventMessage<>(tracked.trackingToken(), event.getType(),
                        event.getAggregateIdentifier(), event.getSequenceNumber(), identified, event::getTimestamp));
    }
}
