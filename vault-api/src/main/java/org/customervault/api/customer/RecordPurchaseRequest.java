package org.customervault.api.customer;

import java.math.BigDecimal;
import java.time.Instant;

/** The body of {@code POST /api/v1/customers/{id}/purchases}; {@code amount} as a decimal string. */
public record RecordPurchaseRequest(String orderRef, BigDecimal amount, String currency, Instant occurredAt) {
}
