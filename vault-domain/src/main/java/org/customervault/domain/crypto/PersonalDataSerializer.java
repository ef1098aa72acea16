package org.customervault.domain.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * An Axon serializer that encrypts every {@link PersonalData} component under the key of the
 * record's {@link SubjectId} on the way out and decrypts it on the way in. Everything Axon stores
 * through it (events, snapshots) holds only ciphertext for personal values, while aggregates and
 * handlers see plain records. Records of an erased subject read with their personal components
 * {@code null} and their {@link ErasureMarker} set.
 *
 * <p>A record with personal data is stored only as an event (or an aggregate's snapshot, which the
 * event store keeps as an event of its own) and read only as the event it was stored as: it is
 * written with {@link #serializeEvent} and read from an {@link IdentifiedPayload}
 * ({@link EventIdentityStorageEngine} and {@link EventIdentityUpcaster} supply the identity). Its
 * subject must be the event's aggregate, and each value is sealed for the event's identifier
 * ({@link Envelope.Format#CV2}), so a stored payload whose values were replaced, replayed from another
 * event or moved from another customer is refused rather than read as data: a
 * {@link DecryptionFailedException}, or a {@link MissingKeyException} when a moved value names a key
 * the subject never had. A personal member that is absent or {@code null} reads as no value: that
 * is how an event stores one.
 */
public final class PersonalDataSerializer implements Serializer {

    private final JacksonSerializer json;
    private final ObjectMapper mapper;
    private final SubjectCipher cipher;

    public PersonalDataSerializer(JacksonSerializer json, SubjectCipher cipher) {
        this.json = json;
        this.mapper = json.getObjectMapper();
        this.cipher = cipher;
    }

    /** Refuses a record with personal data: without the event that holds it, its values could not be bound to it. */
    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        PersonalFields fields = object == null ? null : PersonalFields.of(object.getClass());
        if (fields == null || !fields.any()) {
            return json.serialize(object, expectedRepresentation);
        }
        throw new SerializationException(fields.recordName() + " has personal data and is written only as a stored event");
    }

    /** Serializes the payload of the stored event {@code event}, sealing each personal value for that event. */
    public <T> SerializedObject<T> serializeEvent(Object payload, EventIdentity event, Class<T> expectedRepresentation) {
        PersonalFields fields = payload == null ? null : PersonalFields.of(payload.getClass());
        if (fields == null || !fields.any()) {
            return json.serialize(payload, expectedRepresentation);
        }
        ObjectNode tree = mapper.valueToTree(payload);
        String subjectId = tree.path(fields.subjectField()).asText("");
        if (subjectId.isEmpty()) {
            throw new SerializationException(fields.recordName() + " has no subject id");
        }
        if (!subjectId.equals(event.aggregateIdentifier())) {
            throw new SerializationException(fields.recordName() + "'s subject is not the aggregate it is stored for");
        }
        if (tree.path(fields.erasureMarker()).asBoolean(false)) {
            throw new SerializationException(fields.recordName() + " is marked erased, which only reading may do");
        }
        for (String field : fields.personalFields()) {
            JsonNode value = tree.get(field);
            if (value != null && !value.isNull()) {
                tree.put(field, cipher.encrypt(subjectId, fields.place(field), event.eventIdentifier(), toBytes(value)));
            }
        }
        SerializedObject<byte[]> encrypted =
                new SimpleSerializedObject<>(toBytes(tree), byte[].class, typeForClass(payload.getClass()));
        return getConverter().convert(encrypted, expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForType(serializedObject.getType());
        PersonalFields fields = PersonalFields.of(type);
        if (!fields.any()) {
            return json.deserialize(serializedObject);
        }
        if (!(serializedObject instanceof IdentifiedPayload<S> identified)) {
            throw new DecryptionFailedException(fields.recordName() + " was read without the identity of its event");
        }
        ObjectNode tree;
        try {
            tree = decrypted(identified, fields);
        } catch (DecryptionFailedException refused) {
            // names the event, so that an operator can find its row; still no value in the message
            throw new DecryptionFailedException("stored event " + identified.event().eventIdentifier() + " refused: "
                    + refused.getMessage(), refused);
        }
        try {
            @SuppressWarnings("unchecked")
            T result = (T) mapper.treeToValue(tree, type);
            return result;
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the decrypted value, so neither it nor the cause is kept.
            throw new SerializationException("cannot read " + fields.recordName() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private ObjectNode decrypted(IdentifiedPayload<?> identified, PersonalFields fields) {
        ObjectNode tree = storedTree(identified.payload(), fields);
        String subjectId = checkedSubject(tree, fields, identified.event());
        checkShape(tree, fields);
        try {
            for (String field : fields.personalFields()) {
                JsonNode value = tree.get(field);
                if (value != null && value.isTextual()) {
                    byte[] plaintext = cipher.decrypt(subjectId, fields.place(field),
                            identified.event().eventIdentifier(), value.textValue());
                    tree.set(field, readTree(plaintext));
                }
            }
        } catch (SubjectErasedException erased) {
            fields.personalFields().forEach(field -> tree.putNull(field));
            tree.put(fields.erasureMarker(), true);
        }
        return tree;
    }

    private ObjectNode storedTree(SerializedObject<?> payload, PersonalFields fields) {
        JsonNode parsed = getConverter().convert(payload, JsonNode.class).getData();
        if (!(parsed instanceof ObjectNode object)) {
            throw new DecryptionFailedException(fields.recordName() + " is not stored as a JSON object");
        }
        // A tree handed in (by an upcaster) may be read again; one parsed here from bytes is ours to change.
        return payload.getData() instanceof JsonNode ? object.deepCopy() : object;
    }

    /** The payload's subject, which must be the aggregate the event was stored for: the payload cannot name it. */
    private static String checkedSubject(ObjectNode tree, PersonalFields fields, EventIdentity event) {
        JsonNode subject = tree.get(fields.subjectField());
        if (subject == null || !subject.isTextual() || !subject.textValue().equals(event.aggregateIdentifier())) {
            throw new DecryptionFailedException(fields.recordName() + "'s subject is not the aggregate of its event");
        }
        return subject.textValue();
    }

    /**
     * Every personal member must be an envelope or hold no value, and the erasure marker must be
     * unset: a stored record is never erased, only read as erased once its key is gone. Anything else
     * was put there around the serializer and is refused before any of it could be read as data.
     */
    private static void checkShape(ObjectNode tree, PersonalFields fields) {
        JsonNode marker = tree.get(fields.erasureMarker());
        if (marker != null && !(marker.isBoolean() && !marker.booleanValue())) {
            throw new DecryptionFailedException(fields.recordName() + " is stored marked as erased");
        }
        for (String field : fields.personalFields()) {
            JsonNode value = tree.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new DecryptionFailedException(fields.place(field) + " is not a ciphertext envelope");
            }
        }
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return json.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return json.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return json.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return json.getConverter();
    }

    private byte[] toBytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write a JSON tree", e);
        }
    }

    private JsonNode readTree(byte[] plaintext) {
        try {
            return mapper.readTree(plaintext);
        } catch (IOException e) {
            throw new DecryptionFailedException("decrypted value is not JSON: " + e.getClass().getSimpleName());
        }
    }
}
