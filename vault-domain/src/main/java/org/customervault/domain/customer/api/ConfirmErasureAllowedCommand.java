package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * Asks whether the customer may be erased now, before anything of an erasure is written; records nothing.
 * Refused with {@code LegalHoldException} while a legal hold stands. {@link RequestCustomerErasureCommand}
 * checks the same again, for a hold placed in between. With {@code expectedVersion}, refused too
 * ({@code ConflictingAggregateVersionException}) when the customer has changed since that version:
 * a retention policy judged the customer at that version, and a new activity must stop it.
 */
public record ConfirmErasureAllowedCommand(@TargetAggregateIdentifier CustomerId customerId,
                                           @TargetAggregateVersion Long expectedVersion) {

    /** Whatever version the customer is at. */
    public ConfirmErasureAllowedCommand(CustomerId customerId) {
        this(customerId, null);
    }
}
