package org.customervault.infra.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;

/**
 * What a customer allows as of one of its events: the purposes consented to, those objected to, and whether processing
 * is restricted. It is folded from events as they are stored, serialized: only the payload's type and its plain
 * {@code purpose} member are read, so nothing is decrypted and the key store is never asked (an objection's
 * {@code reason} is personal and stays an envelope).
 */
public record CustomerMarks(Set<String> granted, Set<String> objected, boolean restricted) {

    /** The customer before its first event, and after its erasure. */
    public static final CustomerMarks NONE = new CustomerMarks(Set.of(), Set.of(), false);

    /** The payload types that change the marks; every other event leaves them as they are. */
    public static final List<String> MARKING_TYPES = List.of(ConsentGrantedEvent.class.getName(),
            ConsentWithdrawnEvent.class.getName(), ProcessingObjectedEvent.class.getName(),
            ObjectionWithdrawnEvent.class.getName(), ProcessingRestrictedEvent.class.getName(),
            ProcessingRestrictionLiftedEvent.class.getName(), CustomerErasedEvent.class.getName());

    private static final ObjectMapper JSON = new ObjectMapper();

    public CustomerMarks {
        granted = Set.copyOf(granted);
        objected = Set.copyOf(objected);
    }

    /** The purposes consented to and not objected to, sorted. */
    public List<String> allowedPurposes() {
        TreeSet<String> allowed = new TreeSet<>(granted);
        allowed.removeAll(objected);
        return List.copyOf(allowed);
    }

    /** The marks after the event of type {@code payloadType} stored as {@code storedPayload} (its JSON, as stored). */
    public CustomerMarks after(String payloadType, byte[] storedPayload) {
        if (CustomerErasedEvent.class.getName().equals(payloadType)) {
            return NONE;
        }
        if (ProcessingRestrictedEvent.class.getName().equals(payloadType)) {
            return new CustomerMarks(granted, objected, true);
        }
        if (ProcessingRestrictionLiftedEvent.class.getName().equals(payloadType)) {
            return new CustomerMarks(granted, objected, false);
        }
        if (ConsentGrantedEvent.class.getName().equals(payloadType)) {
            return new CustomerMarks(with(granted, purposeOf(storedPayload)), objected, restricted);
        }
        if (ConsentWithdrawnEvent.class.getName().equals(payloadType)) {
            return new CustomerMarks(without(granted, purposeOf(storedPayload)), objected, restricted);
        }
        if (ProcessingObjectedEvent.class.getName().equals(payloadType)) {
            return new CustomerMarks(granted, with(objected, purposeOf(storedPayload)), restricted);
        }
        if (ObjectionWithdrawnEvent.class.getName().equals(payloadType)) {
            return new CustomerMarks(granted, without(objected, purposeOf(storedPayload)), restricted);
        }
        return this;
    }

    /**
     * The plain {@code purpose} member of a stored payload. Refuses, without quoting the payload, one that has none: a
     * record must not go out saying less than the customer chose.
     */
    static String purposeOf(byte[] storedPayload) {
        JsonNode purpose;
        try {
            purpose = JSON.readTree(storedPayload).get("purpose");
        } catch (IOException e) {
            throw new IllegalStateException("a stored payload is not JSON: " + e.getClass().getSimpleName());
        }
        if (purpose == null || !purpose.isTextual()) {
            throw new IllegalStateException("a stored consent or objection names no purpose");
        }
        return purpose.textValue();
    }

    private static Set<String> with(Set<String> purposes, String purpose) {
        Set<String> changed = new TreeSet<>(purposes);
        changed.add(purpose);
        return changed;
    }

    private static Set<String> without(Set<String> purposes, String purpose) {
        Set<String> changed = new TreeSet<>(purposes);
        changed.remove(purpose);
        return changed;
    }
}
