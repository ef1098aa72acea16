package org.customervault.domain.customer.api;

import java.time.Instant;
import org.customervault.domain.customer.CustomerId;

/** One read of a customer's personal data: who, when, how ({@code action}) and for what ({@code purpose}). */
public record AccessEntry(Instant at, String actor, CustomerId subjectId, String action, String purpose) {
}
