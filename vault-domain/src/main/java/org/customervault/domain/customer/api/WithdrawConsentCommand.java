package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;

/**
 * The customer withdraws (or refuses) consent to a purpose, under a version of the privacy notice whose text has the
 * SHA-256 {@code noticeSha256}, through {@code channel} (optional). With an {@code expectedVersion}, refused
 * ({@code ConflictingAggregateVersionException}) unless the customer is still at that version.
 */
public record WithdrawConsentCommand(@TargetAggregateIdentifier CustomerId customerId, String purpose, String noticeVersion,
                                     String noticeSha256, Channel channel,
                                     @TargetAggregateVersion Long expectedVersion) {

    /** Without proof of the notice's text or the channel; applied to whatever version of the customer is current. */
    public WithdrawConsentCommand(CustomerId customerId, String purpose, String noticeVersion) {
        this(customerId, purpose, noticeVersion, null, null, null);
    }
}
