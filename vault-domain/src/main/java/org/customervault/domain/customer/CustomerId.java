package org.customervault.domain.customer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/**
 * The opaque identifier of a customer, who is also the data subject whose key protects them. It
 * holds the UUID; its written form (JSON, the Axon aggregate identifier, the key store's subject
 * id) is the UUID's canonical lower-case text, as it always was.
 */
public record CustomerId(UUID uuid) {

    public CustomerId {
        Objects.requireNonNull(uuid, "a customer id is a UUID");
    }

    public static CustomerId newId() {
        return new CustomerId(UUID.randomUUID());
    }

    @JsonCreator
    public static CustomerId of(String value) {
        try {
            return new CustomerId(UUID.fromString(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("a customer id is a UUID");
        }
    }

    /** The written form: the UUID's canonical text. */
    @JsonValue
    public String value() {
        return uuid.toString();
    }

    /** Axon names the aggregate by this string. */
    @Override
    public String toString() {
        return value();
    }
}
