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

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        PersonalFields fields = object == null ? null : PersonalFields.of(object.getClass());
        if (fields == null || !fields.any()) {
            return json.serialize(object, expectedRepresentation);
        }
        ObjectNode tree = mapper.valueToTree(object);
        String subjectId = tree.path(fields.subjectField()).asText("");
        if (subjectId.isEmpty()) {
            throw new SerializationException(fields.recordName() + " has no subject id");
        }
        for (String field : fields.personalFields()) {
            JsonNode value = tree.get(field);
            if (value != null && !value.isNull()) {
                tree.put(field, cipher.encrypt(subjectId, fields.place(field), toBytes(value)));
            }
        }
        SerializedObject<byte[]> encrypted =
                new SimpleSerializedObject<>(toBytes(tree), byte[].class, typeForClass(object.getClass()));
        return getConverter().convert(encrypted, expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForType(serializedObject.getType());
        PersonalFields fields = PersonalFields.of(type);
        if (!fields.any()) {
            return json.deserialize(serializedObject);
        }
        JsonNode parsed = getConverter().convert(serializedObject, JsonNode.class).getData();
        // A tree handed in (by an upcaster) may be read again; one parsed here from bytes is ours to change.
        ObjectNode tree = serializedObject.getData() instanceof JsonNode ? parsed.deepCopy() : (ObjectNode) parsed;
        String subjectId = tree.path(fields.subjectField()).asText("");
        try {
            for (String field : fields.personalFields()) {
                JsonNode value = tree.get(field);
                if (value != null && value.isTextual()) {
                    byte[] plaintext = cipher.decrypt(subjectId, fields.place(field), value.textValue());
                    tree.set(field, readTree(plaintext));
                }
            }
        } catch (SubjectErasedException erased) {
            fields.personalFields().forEach(field -> tree.putNull(field));
            tree.put(fields.erasureMarker(), true);
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
