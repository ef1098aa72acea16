package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * The customer consents to a purpose under a version of the privacy notice. With an {@code expectedVersion}, refused
 * ({@code ConflictingAggregateVersionException}) unless the customer is still at that version.
 */
public record GrantConsentCommand(@TargetAggregateIdentifier CustomerId customerId, String purpose, String noticeVersion,
                                  @TargetAggregateVersion Long expectedVersion) {

    /** Applied to whatever version of the customer is current. */
    public GrantConsentCommand(CustomerId customerId, String purpose, String noticeVersion) {
        this(customerId, purpose, noticeVersion, null);
    }
}
