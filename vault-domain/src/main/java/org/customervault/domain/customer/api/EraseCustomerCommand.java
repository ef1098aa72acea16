package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** Asks to erase a customer: their key will be destroyed and their personal data become unreadable. */
public record EraseCustomerCommand(@TargetAggregateIdentifier CustomerId customerId) {
}
