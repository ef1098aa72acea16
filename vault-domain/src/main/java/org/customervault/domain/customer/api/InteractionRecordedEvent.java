package org.customervault.domain.customer.api;

import java.time.Instant;
import org.customervault.domain.customer.Channel;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** A contact with the customer; its summary is personal, its channel and time are not. */
@Revision("1")
public record InteractionRecordedEvent(@SubjectId CustomerId customerId, String interactionId, Channel channel,
                                       @PersonalData String summary, Instant occurredAt,
                                       @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public InteractionRecordedEvent(CustomerId customerId, String interactionId, Channel channel, String summary,
                                    Instant occurredAt) {
        this(customerId, interactionId, channel, summary, occurredAt, false);
    }
}
