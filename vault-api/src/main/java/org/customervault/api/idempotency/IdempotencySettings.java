package org.customervault.api.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Idempotency keys ({@code vault.api.idempotency.*}, environment {@code VAULT_API_IDEMPOTENCY_*}).
 *
 * @param retention       how long a key answers its first answer again; at least 24 hours, the
 *                        contract's promise to clients
 * @param inFlightTimeout how long a key whose first request never finished (its node stopped in the
 *                        middle) keeps refusing retries before a retry may run the request again; longer
 *                        than any request takes, since a retry then acts a second time
 * @param purgeInterval   how often each node deletes the keys older than {@code retention}
 */
@ConfigurationProperties("vault.api.idempotency")
public record IdempotencySettings(@DefaultValue("24h") Duration retention,
                                  @DefaultValue("5m") Duration inFlightTimeout,
                                  @DefaultValue("1h") Duration purgeInterval) {

    static final Duration SHORTEST_RETENTION = Duration.ofHours(24);

    public IdempotencySettings {
        if (retention.compareTo(SHORTEST_RETENTION) < 0) {
            throw new IllegalArgumentException("vault.api.idempotency.retention must be at least 24h");
        }
        if (inFlightTimeout.isNegative() || inFlightTimeout.isZero()) {
            throw new IllegalArgumentException("vault.api.idempotency.in-flight-timeout must be positive");
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("vault.api.idempotency.purge-interval must be positive");
        }
    }
}
