package org.customervault.api.compliance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.customervault.domain.crypto.PersonalFields;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.MetadataKeys;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's history as the compliance officer reads it: every event from the event store, in
 * order, decrypted where the key still exists; where it was destroyed, each personal field reads
 * {@value #ERASED} (or null, where it is an object: an address, preferences), {@value #ERASED_FIELDS}
 * names them, and the non-personal facts (amounts, times, purposes) remain.
 */
@Component
class CustomerHistory {

    static final String ERASED = "erased";
    static final String ERASED_FIELDS = "erasedFields";
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final EventStore events;
    private final JsonMapper json;

    CustomerHistory(EventStore events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    @Schema(name = "HistoryEvent", description = "One stored event of the customer, in the order of the event store")
    record Entry(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0",
                         description = "The event's position in the customer's history, from 0") long sequence,
                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "CustomerRegistered", description = """
                         The event type: CustomerRegistered, FullNameRectified, EmailRectified, PhoneRectified, \
                         NationalIdRectified, BirthDateRectified, PostalAddressRectified, PreferencesRectified, \
                         InteractionRecorded, PurchaseRecorded, ConsentGranted, ConsentWithdrawn, ProcessingObjected, \
                         ObjectionWithdrawn, ProcessingRestricted, ProcessingRestrictionLifted, LegalHoldPlaced, \
                         LegalHoldReleased, CustomerErasureRequested, CustomerErased; a later version may add \
                         types, so a client ignores one it does not know""") String type,
                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "When it was stored") Instant occurredAt,
                 @Schema(description = "Who caused it: a user's name; absent for events the vault wrote itself",
                         example = "agent") String actor,
                 // a null member says "removed" (or "erased", for an address): it is written, not left out
                 @JsonInclude(value = JsonInclude.Include.NON_NULL, content = JsonInclude.Include.ALWAYS)
                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = HistoryEventData.class)
                 Map<String, Object> data) {
    }

    List<Entry> of(CustomerId customer) {
        // from the first event: without a sequence number the store would start at the customer's snapshot
        return events.readEvents(customer.value(), 0).asStream().map(this::entry).toList();
    }

    private Entry entry(DomainEventMessage<?> message) {
        Object payload = message.getPayload();
        Map<String, Object> data = new LinkedHashMap<>(json.convertValue(payload, FIELDS));
        data.remove("customerId");
        if (payload instanceof PurchaseRecordedEvent purchase) {
            // money is a decimal string in the API, never a JSON number a client would round
            data.put("amount", purchase.amount().toPlainString());
        }
        PersonalFields personal = PersonalFields.of(payload.getClass());
        if (personal.any()) {
            // the mapper leaves nulls out; a rectification's null is the removal it records
            personal.personalFields().forEach(field -> data.putIfAbsent(field, null));
            boolean erased = Boolean.TRUE.equals(data.remove(personal.erasureMarker()));
            if (erased) {
                personal.personalFields().forEach(field -> data.put(field, erasedValue(payload.getClass(), field)));
                data.put(ERASED_FIELDS, personal.personalFields());
            }
        }
        String type = payload.getClass().getSimpleName().replaceFirst("Event$", "");
        return new Entry(message.getSequenceNumber(), type, message.getTimestamp(),
                (String) message.getMetaData().get(MetadataKeys.ACTOR), data);
    }

    /**
     * What an erased personal member reads: the marker where the member is a text or a date, null
     * where it is an object (an address of "erased" would not be an address).
     */
    private static Object erasedValue(Class<?> event, String field) {
        Class<?> type = Arrays.stream(event.getRecordComponents())
                .filter(component -> component.getName().equals(field))
                .findFirst().orElseThrow().getType();
        return type == String.class || type == LocalDate.class ? ERASED : null;
    }

    /** The customer as these events, in their order, leave them: profile, status, consents, purchases. */
    StateAsOf stateAfter(List<Entry> history) {
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, CustomerView.Consent> consents = new TreeMap<>();
        long purchases = 0;
        for (Entry entry : history) {
            switch (entry.type()) {
                case "CustomerRegistered" -> {
                    profile(state, entry);
                    state.put("status", "ACTIVE");
                    state.put("legalHold", false);
                }
                case "ConsentGranted", "ConsentWithdrawn" -> {
                    String purpose = (String) entry.data().get("purpose");
                    consents.put(purpose, new CustomerView.Consent(purpose, entry.type().equals("ConsentGranted"),
                            (String) entry.data().get("noticeVersion"), (String) entry.data().get("noticeSha256"),
                            channel(entry.data().get("channel")), entry.occurredAt()));
                }
                case "ProcessingRestricted" -> state.put("status", "RESTRICTED");
                case "ProcessingRestrictionLifted" -> state.put("status", "ACTIVE");
                case "LegalHoldPlaced" -> state.put("legalHold", true);
                case "LegalHoldReleased" -> state.put("legalHold", false);
                case "PurchaseRecorded" -> purchases++;
                case "CustomerErasureRequested", "CustomerErased" -> state.put("status", "ERASED");
                default -> {
                    if (entry.type().endsWith("Rectified")) {
                        profile(state, entry);
                    }
                }
            }
        }
        state.put("consents", List.copyOf(consents.values()));
        state.put("purchaseCount", purchases);
        return json.convertValue(state, StateAsOf.class);
    }

    private static Channel channel(Object name) {
        return name == null ? null : Channel.valueOf(name.toString());
    }

    private static void profile(Map<String, Object> state, Entry entry) {
        entry.data().forEach((field, value) -> {
            if (!field.equals(ERASED_FIELDS)) {
                state.put(field, value);
            }
        });
    }
}
