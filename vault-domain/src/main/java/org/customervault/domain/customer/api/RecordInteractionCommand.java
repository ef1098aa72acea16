package org.customervault.domain.customer.api;

import java.time.Instant;
import org.customervault.domain.customer.Channel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * Records a contact with the customer: a call, a visit, a message. With an {@code expectedVersion}, refused
 * ({@code ConflictingAggregateVersionException}) unless the customer is still at that version.
 */
public record RecordInteractionCommand(@TargetAggregateIdentifier CustomerId customerId, String interactionId,
                                       Channel channel, String summary, Instant occurredAt,
                                       @TargetAggregateVersion Long expectedVersion) {

    /** Applied to whatever version of the customer is current. */
    public RecordInteractionCommand(CustomerId customerId, String interactionId, Channel channel, String summary,
                                    Instant occurredAt) {
        this(customerId, interactionId, channel, summary, occurredAt, null);
    }
}
