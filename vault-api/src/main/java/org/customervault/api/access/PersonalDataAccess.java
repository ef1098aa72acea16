package org.customervault.api.access;

import java.util.Collection;
import org.customervault.domain.customer.CustomerId;

/**
 * Where every read of personal data is reported: who read which customers, for what, and how.
 * The compliance access log is its implementation; no personal value is ever passed here.
 */
public interface PersonalDataAccess {

    void record(String actor, Collection<CustomerId> subjects, String action, String purpose);
}
