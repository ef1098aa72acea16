package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** The customer's nationalId was rectified; {@code null} means it was removed. */
@Revision("1")
public record NationalIdRectifiedEvent(@SubjectId CustomerId customerId, @PersonalData String nationalId,
                                       @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public NationalIdRectifiedEvent(CustomerId customerId, String nationalId) {
        this(customerId, nationalId, false);
    }
}
