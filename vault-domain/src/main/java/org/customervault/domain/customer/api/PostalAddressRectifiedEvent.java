package org.customervault.domain.customer.api;

import org.customervault.domain.customer.PostalAddress;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** The customer's postal address was rectified; {@code null} means it was removed. */
@Revision("1")
public record PostalAddressRectifiedEvent(@SubjectId CustomerId customerId, @PersonalData PostalAddress address,
                                          @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public PostalAddressRectifiedEvent(CustomerId customerId, PostalAddress address) {
        this(customerId, address, false);
    }
}
