package org.customervault.domain.customer.api;

import org.customervault.domain.customer.Preferences;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.ErasureMarker;
import org.customervault.domain.crypto.PersonalData;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** The customer's contact preferences changed; {@code null} means they were removed. */
@Revision("1")
public record PreferencesRectifiedEvent(@SubjectId CustomerId customerId, @PersonalData Preferences preferences,
                                        @ErasureMarker boolean personalDataErased) {

    /** The event as it is written: with its personal data. */
    public PreferencesRectifiedEvent(CustomerId customerId, Preferences preferences) {
        this(customerId, preferences, false);
    }
}
