package org.customervault.api.access;

import java.time.Instant;
import java.util.Collection;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.SearchKind;

/**
 * Where every read of personal data is reported: who read which customers, for what, and how.
 * The compliance access log is its implementation; no personal value is ever passed here.
 */
public interface PersonalDataAccess {

    default void record(String actor, Collection<CustomerId> subjects, String action, String purpose) {
        record(actor, subjects, action, purpose, Instant.now());
    }

    /**
     * A read recorded at the instant given: where the answer names its own moment (an export's
     * {@code exportedAt}), the entry holds that same instant, so the answer can be found by it again.
     */
    void record(String actor, Collection<CustomerId> subjects, String action, String purpose, Instant at);

    /**
     * A search, whether it found anyone or not: the kinds of token it compared, never its text, and
     * the customers it showed. Trying ids one by one leaves a trail even when every try misses.
     */
    void recordSearch(String actor, Collection<SearchKind> searchedBy, Collection<CustomerId> shown, String purpose);
}
