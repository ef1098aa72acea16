package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** The customer objected to processing for a purpose; the reason may describe the customer, so it is personal. */
@Revision("1")
public record ProcessingObjectedEvent(@SubjectId CustomerId customerId, String purpose, @PersonalData String reason,
                                      @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public ProcessingObjectedEvent(CustomerId customerId, String purpose, String reason) {
        this(customerId, purpose, reason, false);
    }
}
