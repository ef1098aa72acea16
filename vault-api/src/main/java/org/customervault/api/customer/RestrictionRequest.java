package org.customervault.api.customer;

/** The body of {@code PUT /api/v1/customers/{id}/restriction}. */
public record RestrictionRequest(Boolean restricted, String reason) {
}
