package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * Restricts the processing of the customer's data (GDPR Art. 18). With an {@code expectedVersion}, refused
 * ({@code ConflictingAggregateVersionException}) unless the customer is still at that version.
 */
public record RestrictProcessingCommand(@TargetAggregateIdentifier CustomerId customerId, String reason,
                                        @TargetAggregateVersion Long expectedVersion) {

    /** Applied to whatever version of the customer is current. */
    public RestrictProcessingCommand(CustomerId customerId, String reason) {
        this(customerId, reason, null);
    }
}
