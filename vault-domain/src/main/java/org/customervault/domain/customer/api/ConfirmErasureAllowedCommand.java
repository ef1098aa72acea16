package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/**
 * Asks whether the customer may be erased now, before anything of an erasure is written; records nothing.
 * Refused with {@code LegalHoldException} while a legal hold stands. {@link RequestCustomerErasureCommand}
 * checks the same again, for a hold placed in between.
 */
public record ConfirmErasureAllowedCommand(@TargetAggregateIdentifier CustomerId customerId) {
}
