package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * Places a legal hold on the customer: while it stands, the customer cannot be erased, neither on request nor
 * by a retention policy. With an {@code expectedVersion}, refused ({@code ConflictingAggregateVersionException})
 * unless the customer is still at that version.
 */
public record PlaceLegalHoldCommand(@TargetAggregateIdentifier CustomerId customerId, String reason,
                                    @TargetAggregateVersion Long expectedVersion) {

    /** Applied to whatever version of the customer is current. */
    public PlaceLegalHoldCommand(CustomerId customerId, String reason) {
        this(customerId, reason, null);
    }
}
