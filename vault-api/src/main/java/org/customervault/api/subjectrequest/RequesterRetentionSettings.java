package org.customervault.api.subjectrequest;

import java.time.Duration;
import org.customervault.api.retention.InactiveFor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a closed request that names no customer keeps its requester's contact, notes and reasons
 * ({@code vault.requests.*}, environment {@code VAULT_REQUESTS_*}). A request that names a customer is shredded
 * with the customer instead.
 *
 * @param requesterKeptFor how long after it was answered or refused: an ISO-8601 period ({@code P3Y}, counted
 *                         back in calendar time, UTC) or a duration ({@code PT1H}, {@code 30d}); the default is
 *                         the usual limitation period within which the business may have to prove how it answered
 * @param shredEvery       how often the vault looks for such requests; one node of a cluster looks at a time
 */
@ConfigurationProperties("vault.requests")
public record RequesterRetentionSettings(@DefaultValue("P3Y") String requesterKeptFor,
                                         @DefaultValue("1h") Duration shredEvery) {

    /** Below this, a value is a mistake (a unit left out), not a retention. */
    static final Duration SHORTEST = Duration.ofSeconds(1);

    public RequesterRetentionSettings {
        InactiveFor keptFor;
        try {
            keptFor = InactiveFor.parse(requesterKeptFor);
        } catch (IllegalArgumentException wrong) {
            throw new IllegalArgumentException("vault.requests.requester-kept-for " + wrong.getMessage());
        }
        if (keptFor.period().isZero() && keptFor.duration().compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("vault.requests.requester-kept-for must be at least PT1S");
        }
        if (shredEvery == null || shredEvery.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("vault.requests.shred-every must be at least 100ms");
        }
    }

    InactiveFor keptFor() {
        return InactiveFor.parse(requesterKeptFor);
    }
}
