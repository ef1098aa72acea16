package org.customervault.api.customer;

/** The body of {@code PUT /api/v1/customers/{id}/consents/{purpose}}. */
public record ConsentRequest(Boolean granted, String noticeVersion) {
}
