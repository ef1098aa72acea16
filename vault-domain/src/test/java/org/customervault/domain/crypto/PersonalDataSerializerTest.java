package org.customervault.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.CustomerSnapshot;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.junit.jupiter.api.Test;

class PersonalDataSerializerTest {

    private static final CustomerId ID = CustomerId.of("0b6f3c3e-52a4-4d7e-9f4c-2f1f0c7a9a11");
    private static final CustomerId OTHER = CustomerId.of("9a1e1c2d-52a4-4d7e-9f4c-2f1f0c7a9a22");
    private static final EventIdentity EVENT = new EventIdentity("5d0c2a8e-7f31-4c55-9e0b-8a1d2c3b4a50", ID.value());
    private static final EventIdentity LATER_EVENT = new EventIdentity("e7b9f1a2-3c4d-4e5f-8a6b-7c8d9e0f1a2b", ID.value());
    private static final CustomerRegisteredEvent REGISTERED = new CustomerRegisteredEvent(ID, "Canary Fullname",
            "canary@example.com", "+5491112345678", "CANARY-ID-1", LocalDate.of(1980, 5, 17),
            new PostalAddress("Canary Street 1", null, "Canaryville", null, "C1043", "AR"),
            new Preferences("es-AR", Set.of(Channel.SMS)));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemorySubjectKeyStore keys = new InMemorySubjectKeyStore();
    private final SubjectCipher cipher = new SubjectCipher(keys, new FieldCipher());
    private final PersonalDataSerializer serializer = new PersonalDataSerializer(VaultJson.serializer(), cipher);

    @Test
    void personalFieldsAreStoredEncryptedAndReadBackPlain() {
        SerializedObject<byte[]> stored = serializer.serializeEvent(REGISTERED, EVENT, byte[].class);
        String json = new String(stored.getData(), StandardCharsets.UTF_8);

        assertThat(json).contains(ID.value(), "\"email\":\"cv2:")
                .doesNotContain("Canary", "canary", "5491112345678", "1980", "C1043", "es-AR", "SMS");
        assertThat(stored.getType().getRevision()).isEqualTo("1");
        assertThat(read(stored, EVENT)).isEqualTo(REGISTERED);
    }

    @Test
    void canReadAnEventHandedInAsATreeAgainAndAgain() throws Exception {
        SerializedObject<byte[]> stored = serializer.serializeEvent(REGISTERED, EVENT, byte[].class);
        JsonNode tree = JSON.readTree(stored.getData());
        SerializedObject<JsonNode> upcast = new SimpleSerializedObject<>(tree, JsonNode.class, stored.getType());

        assertThat(read(upcast, EVENT)).isEqualTo(REGISTERED);
        assertThat(read(upcast, EVENT)).isEqualTo(REGISTERED);
    }

    @Test
    void recordsWithoutPersonalDataStayPlain() {
        ConsentGrantedEvent consent = new ConsentGrantedEvent(ID, "marketing-email", "2026-01");
        String json = new String(serializer.serialize(consent, byte[].class).getData(), StandardCharsets.UTF_8);

        assertThat(json).contains("marketing-email");
    }

    @Test
    void aValueCopiedToAnotherFieldDoesNotDecrypt() throws Exception {
        SerializedObject<byte[]> tampered = tampered(serializer.serializeEvent(REGISTERED, EVENT, byte[].class),
                tree -> tree.set("fullName", tree.get("email")));

        assertThatThrownBy(() -> read(tampered, EVENT))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageNotContaining("canary");
    }

    @Test
    void aPersonalFieldThatIsNotACiphertextIsRefused() throws Exception {
        SerializedObject<byte[]> stored = serializer.serializeEvent(REGISTERED, EVENT, byte[].class);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        List<JsonNode> planted = List.of(nodes.numberNode(4242424242L), nodes.textNode("planted@example.com"),
                nodes.booleanNode(true), nodes.arrayNode().add("planted"),
                nodes.objectNode().put("line1", "Planted Street 9").put("country", "AR"));

        for (JsonNode value : planted) {
            for (String field : List.of("email", "address")) {
                SerializedObject<byte[]> tampered = tampered(stored, tree -> tree.set(field, value));

                assertThatThrownBy(() -> read(tampered, EVENT)).as("%s in %s", value, field)
                        .isInstanceOf(DecryptionFailedException.class)
                        .hasMessageNotContaining("4242424242").hasMessageNotContaining("lanted");
            }
        }
    }

    @Test
    void aCiphertextReplayedFromAnEarlierEventOfTheSameCustomerAndFieldIsRefused() throws Exception {
        SerializedObject<byte[]> earlier = serializer.serializeEvent(new EmailRectifiedEvent(ID, "old@example.com"), EVENT, byte[].class);
        SerializedObject<byte[]> later = serializer.serializeEvent(new EmailRectifiedEvent(ID, "new@example.com"), LATER_EVENT, byte[].class);
        JsonNode earlierEmail = JSON.readTree(earlier.getData()).get("email");
        SerializedObject<byte[]> replayed = tampered(later, tree -> tree.set("email", earlierEmail));

        assertThatThrownBy(() -> read(replayed, LATER_EVENT))
                .isInstanceOf(DecryptionFailedException.class).hasMessageNotContaining("old@");
        assertThatThrownBy(() -> read(earlier, LATER_EVENT)).as("the whole payload of the earlier event")
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void aCiphertextMovedFromAnotherCustomerIsRefused() throws Exception {
        EventIdentity othersEvent = new EventIdentity(LATER_EVENT.eventIdentifier(), OTHER.value());
        SerializedObject<byte[]> others = serializer.serializeEvent(new EmailRectifiedEvent(OTHER, "other@example.com"),
                othersEvent, byte[].class);
        SerializedObject<byte[]> own = serializer.serializeEvent(new EmailRectifiedEvent(ID, "own@example.com"), EVENT, byte[].class);
        JsonNode othersEmail = JSON.readTree(others.getData()).get("email");

        // the envelope names the other customer's key, which this customer does not have
        assertThatThrownBy(() -> read(tampered(own, tree -> tree.set("email", othersEmail)), EVENT))
                .isInstanceOf(MissingKeyException.class).hasMessageNotContaining("other@");
    }

    @Test
    void aPayloadWhoseSubjectIsNotTheEventsAggregateIsRefused() throws Exception {
        EventIdentity othersEvent = new EventIdentity(EVENT.eventIdentifier(), OTHER.value());
        SerializedObject<byte[]> others = serializer.serializeEvent(new EmailRectifiedEvent(OTHER, "other@example.com"),
                othersEvent, byte[].class);

        assertThatThrownBy(() -> read(others, EVENT)).as("another customer's payload, with its subject")
                .isInstanceOf(DecryptionFailedException.class).hasMessageContaining("subject")
                .hasMessageNotContaining("other@");
        SerializedObject<byte[]> relabelled = tampered(serializer.serializeEvent(REGISTERED, EVENT, byte[].class),
                tree -> tree.put("customerId", OTHER.value()));
        assertThatThrownBy(() -> read(relabelled, EVENT)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void aValueSealedBeforeEventsWereBoundStillReadsButOnlyForItsOwnSubject() throws Exception {
        SerializedObject<byte[]> legacy = legacyEmailRectified(ID, "legacy@example.com");

        assertThat(read(legacy, EVENT)).isEqualTo(new EmailRectifiedEvent(ID, "legacy@example.com"));
        assertThat(read(legacy, LATER_EVENT)).as("the residual risk of values sealed before events were bound")
                .isEqualTo(new EmailRectifiedEvent(ID, "legacy@example.com"));
        assertThatThrownBy(() -> read(legacyEmailRectified(OTHER, "other@example.com"), EVENT))
                .isInstanceOf(DecryptionFailedException.class).hasMessageContaining("subject");
    }

    @Test
    void anAbsentPersonalValueReadsAsNoValue() {
        SerializedObject<byte[]> removed = serializer.serializeEvent(new EmailRectifiedEvent(ID, null), EVENT, byte[].class);

        assertThat(read(removed, EVENT)).isEqualTo(new EmailRectifiedEvent(ID, null));
    }

    @Test
    void aRecordStoredMarkedErasedIsRefused() throws Exception {
        SerializedObject<byte[]> tampered = tampered(serializer.serializeEvent(REGISTERED, EVENT, byte[].class),
                tree -> tree.put("personalDataErased", true));

        assertThatThrownBy(() -> read(tampered, EVENT)).isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> serializer.serializeEvent(new EmailRectifiedEvent(ID, null, true), EVENT, byte[].class))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aRecordWithPersonalDataIsReadAndWrittenOnlyWithItsEvent() {
        SerializedObject<byte[]> stored = serializer.serializeEvent(REGISTERED, EVENT, byte[].class);

        assertThatThrownBy(() -> serializer.deserialize(stored)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("identity");
        assertThatThrownBy(() -> serializer.serialize(REGISTERED, byte[].class)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serializer.serializeEvent(REGISTERED, new EventIdentity(EVENT.eventIdentifier(), OTHER.value()),
                byte[].class)).as("stored for another aggregate").isInstanceOf(SerializationException.class);
    }

    @Test
    void aRecordWithPersonalDataButNoSubjectIsRefused() {
        record NoSubject(@PersonalData String secret) {
        }

        assertThatThrownBy(() -> serializer.serializeEvent(new NoSubject("x"), EVENT, byte[].class))
                .hasMessageContaining("@SubjectId");
    }

    @Test
    void aDestroyedKeyReadsAsTheErasureMarker() {
        SerializedObject<byte[]> stored = serializer.serializeEvent(REGISTERED, EVENT, byte[].class);
        keys.destroy(ID.value());

        CustomerRegisteredEvent read = (CustomerRegisteredEvent) read(stored, EVENT);

        assertThat(read.personalDataErased()).isTrue();
        assertThat(read.customerId()).isEqualTo(ID);
        assertThat(read.fullName()).isNull();
        assertThat(read.address()).isNull();
    }

    @Test
    void aRecordWithPersonalDataButNoErasureMarkerIsRefused() {
        record Unmarked(@SubjectId String subject, @PersonalData String secret) {
        }

        assertThatThrownBy(() -> serializer.serializeEvent(new Unmarked("s", "x"), EVENT, byte[].class))
                .hasMessageContaining("@ErasureMarker");
    }

    @Test
    void aSnapshotIsStoredSealedWholeAndReadOnlyAsItself() throws Exception {
        CustomerSnapshot snapshot = new CustomerSnapshot(ID, new CustomerSnapshot.State(7, "Canary Fullname",
                "canary@example.com", null, "CANARY-ID-1", LocalDate.of(1980, 5, 17), REGISTERED.address(),
                REGISTERED.preferences(), true, false, Map.of("canary-purpose", new CustomerSnapshot.Consent(true, "2026-01")),
                Map.of("CANARY-ORDER-1", "CANARY-PURCHASE-1"), Set.of("canary-objection")));
        EventIdentity stored = new EventIdentity("3f9d8c7b-6a5e-4d3c-8b2a-1f0e9d8c7b6a", ID.value());

        SerializedObject<byte[]> written = serializer.serializeEvent(snapshot, stored, byte[].class);

        assertThat(new String(written.getData(), StandardCharsets.UTF_8)).contains("\"state\":\"cv2:")
                .doesNotContain("Canary", "canary", "CANARY", "1980", "restricted", "2026-01");
        assertThat(written.getType().getRevision()).isEqualTo(CustomerSnapshot.REVISION);
        assertThat(read(written, stored)).isEqualTo(snapshot);
        assertThatThrownBy(() -> read(written, new EventIdentity(EVENT.eventIdentifier(), ID.value())))
                .as("moved to another snapshot row of the customer").isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> read(written, new EventIdentity(stored.eventIdentifier(), OTHER.value())))
                .as("moved to another customer's row").isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> read(tampered(written, tree -> tree.putObject("state").put("restricted", false)), stored))
                .as("a state written around the serializer").isInstanceOf(DecryptionFailedException.class);

        keys.destroy(ID.value());
        assertThat(read(written, stored)).isEqualTo(new CustomerSnapshot(ID, null, true));
    }

    private Object read(SerializedObject<?> stored, EventIdentity event) {
        return serializer.deserialize(new IdentifiedPayload<>(stored, event));
    }

    private static SerializedObject<byte[]> tampered(SerializedObject<byte[]> stored, UnaryOperator<ObjectNode> change)
            throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(stored.getData());
        change.apply(tree);
        return new SimpleSerializedObject<>(JSON.writeValueAsBytes(tree), byte[].class, stored.getType());
    }

    /** An email rectification as it was stored before values were bound to their event. */
    private SerializedObject<byte[]> legacyEmailRectified(CustomerId customer, String email) throws Exception {
        ObjectNode tree = JSON.createObjectNode().put("customerId", customer.value())
                .put("email", cipher.encrypt(customer.value(), "EmailRectifiedEvent.email", JSON.writeValueAsBytes(email)))
                .put("personalDataErased", false);
        return new SimpleSerializedObject<>(JSON.writeValueAsBytes(tree), byte[].class,
                serializer.typeForClass(EmailRectifiedEvent.class));
    }
}
