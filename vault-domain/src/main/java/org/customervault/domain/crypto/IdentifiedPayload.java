package org.customervault.domain.crypto;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;

/**
 * A stored event's serialized payload together with the identity of the event it was read for.
 * {@link PersonalDataSerializer} reads a record with personal data only in this form. Everything
 * else sees the stored payload unchanged: Axon's converters hand an object of the wanted content
 * type on as it is, so the Kafka publication still sends the stored bytes.
 */
public record IdentifiedPayload<T>(SerializedObject<T> payload, EventIdentity event) implements SerializedObject<T> {

    @Override
    public Class<T> getContentType() {
        return payload.getContentType();
    }

    @Override
    public SerializedType getType() {
        return payload.getType();
    }

    @Override
    public T getData() {
        return payload.getData();
    }
}
