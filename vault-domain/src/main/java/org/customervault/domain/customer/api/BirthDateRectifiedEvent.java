package org.customervault.domain.customer.api;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** The customer's birth date was rectified; {@code null} means it was removed. */
@Revision("1")
public record BirthDateRectifiedEvent(@SubjectId CustomerId customerId, @PersonalData LocalDate birthDate,
                                      @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public BirthDateRectifiedEvent(CustomerId customerId, LocalDate birthDate) {
        this(customerId, birthDate, false);
    }
}
