package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** The customer's phone was rectified; {@code null} means it was removed. */
@Revision("1")
public record PhoneRectifiedEvent(@SubjectId CustomerId customerId, @PersonalData String phone,
                                  @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public PhoneRectifiedEvent(CustomerId customerId, String phone) {
        this(customerId, phone, false);
    }
}
