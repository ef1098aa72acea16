package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** A legal hold was placed; the reason may name or describe the customer, so it is personal. */
@Revision("1")
public record LegalHoldPlacedEvent(@SubjectId CustomerId customerId, @PersonalData String reason,
                                   @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public LegalHoldPlacedEvent(CustomerId customerId, String reason) {
        this(customerId, reason, false);
    }
}
