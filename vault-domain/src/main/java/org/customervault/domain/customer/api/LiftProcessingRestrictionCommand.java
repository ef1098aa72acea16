package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * Lifts a restriction of processing. With an {@code expectedVersion}, refused
 * ({@code ConflictingAggregateVersionException}) unless the customer is still at that version.
 */
public record LiftProcessingRestrictionCommand(@TargetAggregateIdentifier CustomerId customerId,
                                               @TargetAggregateVersion Long expectedVersion) {

    /** Applied to whatever version of the customer is current. */
    public LiftProcessingRestrictionCommand(CustomerId customerId) {
        this(customerId, null);
    }
}
