package org.customervault.domain.customer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** The opaque identifier of a customer, who is also the data subject whose key protects them. */
public record CustomerId(String value) {

    public CustomerId {
        try {
            value = UUID.fromString(value).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("a customer id is a UUID");
        }
    }

    public static CustomerId newId() {
        return new CustomerId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static CustomerId of(String value) {
        return new CustomerId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Axon names the aggregate by this string. */
    @Override
    public String toString() {
        return value;
    }
}
