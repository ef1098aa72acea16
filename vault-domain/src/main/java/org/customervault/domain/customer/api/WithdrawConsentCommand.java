package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * The customer withdraws (or refuses) consent to a purpose. With an {@code expectedVersion}, refused
 * ({@code ConflictingAggregateVersionException}) unless the customer is still at that version.
 */
public record WithdrawConsentCommand(@TargetAggregateIdentifier CustomerId customerId, String purpose, String noticeVersion,
                                     @TargetAggregateVersion Long expectedVersion) {

    /** Applied to whatever version of the customer is current. */
    public WithdrawConsentCommand(CustomerId customerId, String purpose, String noticeVersion) {
        this(customerId, purpose, noticeVersion, null);
    }
}
