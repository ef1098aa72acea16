package org.customervault.api.customer;

import java.time.Instant;
import org.customervault.domain.customer.Channel;

/** The body of {@code POST /api/v1/customers/{id}/interactions}. */
public record RecordInteractionRequest(Channel channel, String summary, Instant occurredAt) {
}
