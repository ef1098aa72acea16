package org.customervault.domain.customer.api;

import java.time.LocalDate;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** A customer was registered; absent optional fields are {@code null}. */
@Revision("1")
public record CustomerRegisteredEvent(@SubjectId CustomerId customerId,
                                      @PersonalData String fullName,
                                      @PersonalData String email,
                                      @PersonalData String phone,
                                      @PersonalData String nationalId,
                                      @PersonalData LocalDate birthDate,
                                      @PersonalData PostalAddress address,
                                      @PersonalData Preferences preferences,
                                      @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public CustomerRegisteredEvent(CustomerId customerId, String fullName, String email, String phone,
                                   String nationalId, LocalDate birthDate, PostalAddress address,
                                   Preferences preferences) {
        this(customerId, fullName, email, phone, nationalId, birthDate, address, preferences, false);
    }
}
