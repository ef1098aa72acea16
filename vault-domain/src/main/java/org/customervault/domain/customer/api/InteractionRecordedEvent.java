package org.customervault.domain.customer.api;

import java.time.Instant;
import org.customervault.domain.customer.Channel;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** A contact with the customer; its summary is personal, its channel and time are not. */
@Revision("1")
public record InteractionRecordedEvent(@SubjectId CustomerId customerId, String interactionId, Channel channel,
                                       @PersonalData String summary, Instant occurredAt) {
}
