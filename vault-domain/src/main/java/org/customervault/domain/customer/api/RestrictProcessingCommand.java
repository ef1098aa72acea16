package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** Restricts the processing of the customer's data (GDPR Art. 18). */
public record RestrictProcessingCommand(@TargetAggregateIdentifier CustomerId customerId, String reason) {
}
