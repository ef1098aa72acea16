package org.customervault.api.compliance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.customervault.domain.crypto.PersonalFields;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.MetadataKeys;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's history as the compliance officer reads it: every event from the event store, in
 * order, decrypted where the key still exists; where it was destroyed, each personal field reads
 * {@value #ERASED} and the non-personal facts (amounts, times, purposes) remain.
 */
@Component
class CustomerHistory {

    static final String ERASED = "erased";
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final EventStore events;
    private final JsonMapper json;

    CustomerHistory(EventStore events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    record Entry(long sequence, String type, Instant occurredAt, String actor, Map<String, Object> data) {
    }

    List<Entry> of(CustomerId customer) {
        // from the first event: without a sequence number the store would start at the customer's snapshot
        return events.readEvents(customer.value(), 0).asStream().map(this::entry).toList();
    }

    private Entry entry(DomainEventMessage<?> message) {
        Object payload = message.getPayload();
        Map<String, Object> data = new LinkedHashMap<>(json.convertValue(payload, FIELDS));
        data.remove("customerId");
        PersonalFields personal = PersonalFields.of(payload.getClass());
        if (personal.any()) {
            boolean erased = Boolean.TRUE.equals(data.remove(personal.erasureMarker()));
            if (erased) {
                personal.personalFields().forEach(field -> data.put(field, ERASED));
            }
        }
        String type = payload.getClass().getSimpleName().replaceFirst("Event$", "");
        return new Entry(message.getSequenceNumber(), type, message.getTimestamp(),
                (String) message.getMetaData().get(MetadataKeys.ACTOR), data);
    }

    /** The customer as the history says they were at {@code asOf}: profile, status, consents, purchases. */
    static Map<String, Object> stateAsOf(List<Entry> history, Instant asOf) {
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, Object> consents = new TreeMap<>();
        long purchases = 0;
        for (Entry entry : history) {
            if (entry.occurredAt().isAfter(asOf)) {
                break;
            }
            switch (entry.type()) {
                case "CustomerRegistered" -> {
                    state.putAll(entry.data());
                    state.put("status", "ACTIVE");
                }
                case "ConsentGranted", "ConsentWithdrawn" -> consents.put((String) entry.data().get("purpose"),
                        Map.of("granted", entry.type().equals("ConsentGranted"),
                                "noticeVersion", entry.data().get("noticeVersion"), "at", entry.occurredAt()));
                case "ProcessingRestricted" -> state.put("status", "RESTRICTED");
                case "ProcessingRestrictionLifted" -> state.put("status", "ACTIVE");
                case "PurchaseRecorded" -> purchases++;
                case "CustomerErasureRequested", "CustomerErased" -> state.put("status", "ERASED");
                default -> {
                    if (entry.type().endsWith("Rectified")) {
                        state.putAll(entry.data());
                    }
                }
            }
        }
        state.put("consents", consents);
        state.put("purchaseCount", purchases);
        return state;
    }
}
