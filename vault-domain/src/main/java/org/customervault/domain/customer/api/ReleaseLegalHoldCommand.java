package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * Releases a legal hold. With an {@code expectedVersion}, refused ({@code ConflictingAggregateVersionException})
 * unless the customer is still at that version.
 */
public record ReleaseLegalHoldCommand(@TargetAggregateIdentifier CustomerId customerId,
                                      @TargetAggregateVersion Long expectedVersion) {

    /** Applied to whatever version of the customer is current. */
    public ReleaseLegalHoldCommand(CustomerId customerId) {
        this(customerId, null);
    }
}
