package org.customervault.domain.crypto;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Hands every event read from the store to the serializer together with its identity
 * ({@link IdentifiedPayload}), so that {@link PersonalDataSerializer} can check that the payload's
 * subject is the event's aggregate and that each ciphertext was sealed for this very event. It
 * changes no event. The upcaster chain is the one place where Axon's storage engines meet a stored
 * event's identity and its serialized payload on every read path: loading an aggregate, tracking
 * processors, snapshots. It belongs last in the chain; an upcaster after it keeps the identity as
 * long as it changes events through {@link IntermediateEventRepresentation#upcast}.
 */
public final class EventIdentityUpcaster implements EventUpcaster {

    @Override
    public Stream<IntermediateEventRepresentation> upcast(Stream<IntermediateEventRepresentation> representations) {
        return representations.map(Identified::new);
    }

    private record Identified(IntermediateEventRepresentation event) implements IntermediateEventRepresentation {

        private EventIdentity identity() {
            return new EventIdentity(event.getMessageIdentifier(), event.getAggregateIdentifier().orElse(null));
        }

        @Override
        public <T> IntermediateEventRepresentation upcast(SerializedType outputType, Class<T> expectedRepresentationType,
                                                          Function<T, T> upcastFunction,
                                                          Function<MetaData, MetaData> metaDataUpcastFunction) {
            return new Identified(event.upcast(outputType, expectedRepresentationType, upcastFunction,
                    metaDataUpcastFunction));
        }

        @Override
        public SerializedObject<?> getData() {
            return new IdentifiedPayload<>(event.getData(), identity());
        }

        @Override
        public <D> SerializedObject<D> getData(Class<D> requiredType) {
            return new IdentifiedPayload<>(event.getData(requiredType), identity());
        }

        @Override
        public SerializedType getType() {
            return event.getType();
        }

        @Override
        public Class<?> getContentType() {
            return event.getContentType();
        }

        @Override
        public String getMessageIdentifier() {
            return event.getMessageIdentifier();
        }

        @Override
        public Optional<String> getAggregateType() {
            return event.getAggregateType();
        }

        @Override
        public Optional<String> getAggregateIdentifier() {
            return event.getAggregateIdentifier();
        }

        @Override
        public Optional<Long> getSequenceNumber() {
            return event.getSequenceNumber();
        }

        @Override
        public Optional<TrackingToken> getTrackingToken() {
            return event.getTrackingToken();
        }

        @Override
        public Instant getTimestamp() {
            return event.getTimestamp();
        }

        @Override
        public LazyDeserializingObject<MetaData> getMetaData() {
            return event.getMetaData();
        }

        @Override
        public boolean canConvertDataTo(Class<?> requiredType) {
            return event.canConvertDataTo(requiredType);
        }
    }
}
