package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * The customer objects to the processing of their data for a purpose (GDPR Art. 21; oposición); the reason
 * (optional) may describe them. With an {@code expectedVersion}, refused ({@code ConflictingAggregateVersionException})
 * unless the customer is still at that version.
 */
public record ObjectToProcessingCommand(@TargetAggregateIdentifier CustomerId customerId, String purpose, String reason,
                                        @TargetAggregateVersion Long expectedVersion) {
}
