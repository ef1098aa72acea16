package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** The customer consents to a purpose under a version of the privacy notice. */
public record GrantConsentCommand(@TargetAggregateIdentifier CustomerId customerId, String purpose, String noticeVersion) {
}
