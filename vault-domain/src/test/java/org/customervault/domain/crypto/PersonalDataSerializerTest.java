package org.customervault.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.junit.jupiter.api.Test;

class PersonalDataSerializerTest {

    private static final CustomerId ID = CustomerId.of("0b6f3c3e-52a4-4d7e-9f4c-2f1f0c7a9a11");
    private static final CustomerRegisteredEvent REGISTERED = new CustomerRegisteredEvent(ID, "Canary Fullname",
            "canary@example.com", "+5491112345678", "CANARY-ID-1", LocalDate.of(1980, 5, 17),
            new PostalAddress("Canary Street 1", null, "Canaryville", null, "C1043", "AR"),
            new Preferences("es-AR", Set.of(Channel.SMS)));

    private final InMemorySubjectKeyStore keys = new InMemorySubjectKeyStore();
    private final PersonalDataSerializer serializer =
            new PersonalDataSerializer(VaultJson.serializer(), new SubjectCipher(keys, new FieldCipher()));

    @Test
    void personalFieldsAreStoredEncryptedAndReadBackPlain() {
        SerializedObject<byte[]> stored = serializer.serialize(REGISTERED, byte[].class);
        String json = new String(stored.getData(), StandardCharsets.UTF_8);

        assertThat(json).contains(ID.value())
                .doesNotContain("Canary", "canary", "5491112345678", "1980", "C1043", "es-AR", "SMS");
        assertThat(stored.getType().getRevision()).isEqualTo("1");
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(REGISTERED);
    }

    @Test
    void canReadAnEventHandedInAsATreeAgainAndAgain() throws Exception {
        SerializedObject<byte[]> stored = serializer.serialize(REGISTERED, byte[].class);
        JsonNode tree = new ObjectMapper().readTree(stored.getData());
        SerializedObject<JsonNode> upcast = new SimpleSerializedObject<>(tree, JsonNode.class, stored.getType());

        assertThat((Object) serializer.deserialize(upcast)).isEqualTo(REGISTERED);
        assertThat((Object) serializer.deserialize(upcast)).isEqualTo(REGISTERED);
    }

    @Test
    void recordsWithoutPersonalDataStayPlain() {
        ConsentGrantedEvent consent = new ConsentGrantedEvent(ID, "marketing-email", "2026-01");
        String json = new String(serializer.serialize(consent, byte[].class).getData(), StandardCharsets.UTF_8);

        assertThat(json).contains("marketing-email");
    }

    @Test
    void aValueCopiedToAnotherFieldDoesNotDecrypt() throws Exception {
        SerializedObject<byte[]> stored = serializer.serialize(REGISTERED, byte[].class);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode tree = (ObjectNode) mapper.readTree(stored.getData());
        tree.set("fullName", tree.get("email"));
        SerializedObject<byte[]> tampered =
                new SimpleSerializedObject<>(mapper.writeValueAsBytes(tree), byte[].class, stored.getType());

        assertThatThrownBy(() -> serializer.deserialize(tampered))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageNotContaining("canary");
    }

    @Test
    void aRecordWithPersonalDataButNoSubjectIsRefused() {
        record NoSubject(@PersonalData String secret) {
        }

        assertThatThrownBy(() -> serializer.serialize(new NoSubject("x"), byte[].class))
                .hasMessageContaining("@SubjectId");
    }

    @Test
    void aDestroyedKeyReadsAsTheErasureMarker() {
        SerializedObject<byte[]> stored = serializer.serialize(REGISTERED, byte[].class);
        keys.destroy(ID.value());

        CustomerRegisteredEvent read = serializer.deserialize(stored);

        assertThat(read.personalDataErased()).isTrue();
        assertThat(read.customerId()).isEqualTo(ID);
        assertThat(read.fullName()).isNull();
        assertThat(read.address()).isNull();
    }

    @Test
    void aRecordWithPersonalDataButNoErasureMarkerIsRefused() {
        record Unmarked(@SubjectId String subject, @PersonalData String secret) {
        }

        assertThatThrownBy(() -> serializer.serialize(new Unmarked("s", "x"), byte[].class))
                .hasMessageContaining("@ErasureMarker");
    }
}
