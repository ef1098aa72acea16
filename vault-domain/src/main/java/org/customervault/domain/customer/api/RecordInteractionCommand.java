package org.customervault.domain.customer.api;

import java.time.Instant;
import org.customervault.domain.customer.Channel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** Records a contact with the customer: a call, a visit, a message. */
public record RecordInteractionCommand(@TargetAggregateIdentifier CustomerId customerId, String interactionId,
                                       Channel channel, String summary, Instant occurredAt) {
}
