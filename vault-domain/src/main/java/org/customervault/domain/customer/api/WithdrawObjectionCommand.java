package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * The customer withdraws their objection to a purpose. With an {@code expectedVersion}, refused
 * ({@code ConflictingAggregateVersionException}) unless the customer is still at that version.
 */
public record WithdrawObjectionCommand(@TargetAggregateIdentifier CustomerId customerId, String purpose,
                                       @TargetAggregateVersion Long expectedVersion) {
}
