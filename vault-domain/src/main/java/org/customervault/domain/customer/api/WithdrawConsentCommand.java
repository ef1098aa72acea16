package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** The customer withdraws (or refuses) consent to a purpose. */
public record WithdrawConsentCommand(@TargetAggregateIdentifier CustomerId customerId, String purpose, String noticeVersion) {
}
