package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/**
 * Requests a customer's erasure: the customer records that it is under way
 * ({@link CustomerErasureRequestedEvent}); the erasure process then destroys the key, which makes the
 * personal data unreadable, and completes it with {@link CompleteCustomerErasureCommand}.
 */
public record RequestCustomerErasureCommand(@TargetAggregateIdentifier CustomerId customerId) {
}
