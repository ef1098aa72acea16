package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** Lifts a restriction of processing. */
public record LiftProcessingRestrictionCommand(@TargetAggregateIdentifier CustomerId customerId) {
}
