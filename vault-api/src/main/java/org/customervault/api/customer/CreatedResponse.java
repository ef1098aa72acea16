package org.customervault.api.customer;

/** The answer to a POST that created something: its id. */
public record CreatedResponse(String id) {
}
