package org.customervault.api.customer;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.Set;
import org.customervault.api.problem.ForbiddenException;
import org.customervault.api.problem.TooManyRequestsException;
import org.customervault.api.security.Masking;
import org.customervault.api.security.RateLimit;
import org.customervault.api.security.SecuritySettings;
import org.customervault.domain.customer.api.SearchKind;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may search by what, and how often. An AGENT sees national ids masked, and may not search by
 * them either: an exact-match search answers "is this the id of someone here?", and enough of
 * them reveal the id. A text that can only be a national id is refused with 403 whatever its
 * value, rather than searched without that kind: an empty answer would tell the agent, wrongly,
 * that no such customer is registered. A text that can also be something else (it has a letter,
 * so it may be a name) is searched as that alone, so a right and a wrong id answer alike. Every
 * user's searches, refused ones included, are counted against a limit per window.
 */
@Component
class SearchRules {

    /** The kinds that identify a person by a number; birth dates are not a search key at all. */
    private static final Set<SearchKind> PRIVILEGED = EnumSet.of(SearchKind.NATIONAL_ID);

    private final RateLimit searches;
    private final Counter refused;

    SearchRules(SecuritySettings security, MeterRegistry meters) {
        SecuritySettings.RateLimits limits = security.rateLimits();
        this.searches = new RateLimit(limits.searches(), limits.maximumKeys(), Ticker.systemTicker());
        this.refused = RateLimit.refusals(meters, "searches");
    }

    /** Counts the search against the caller's limit (429 beyond it) and answers the kinds it may compare (403 if none is left). */
    Set<SearchKind> kindsFor(Authentication caller, String q) {
        count(caller);
        Set<SearchKind> kinds = EnumSet.noneOf(SearchKind.class);
        kinds.addAll(SearchKind.of(q));
        if (Masking.seesAll(caller) || !kinds.removeAll(PRIVILEGED)) {
            return kinds;
        }
        if (kinds.isEmpty()) {
            throw new ForbiddenException("Searching by national id needs the COMPLIANCE or ADMIN role;"
                    + " search by name, email or phone.");
        }
        return kinds;
    }

    /**
     * A list in name order opens every name the filters leave (up to thousands, each under its own
     * key), so it counts against the same limit as a search.
     */
    void countNameOrder(Authentication caller) {
        count(caller);
    }

    private void count(Authentication caller) {
        searches.count(caller.getName()).ifPresent(retryAfter -> {
            refused.increment();
            throw new TooManyRequestsException(retryAfter, "Too many searches; try again after Retry-After seconds.");
        });
    }
}
