package org.customervault.api.keys;

import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.projections.customer.BlindIndexKeys;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code keyStore} in {@code /actuator/health}: DOWN when the key store does not answer, which is
 * when the vault refuses writes (503). With the local store the keys live in the database, whose own
 * indicator reports it; with OpenBao this asks the server.
 */
@Component("keyStore")
class KeyStoreHealthIndicator implements HealthIndicator {

    private final IndexKeyStore keys;
    private final BlindIndexKeys versions;
    private final KeyStoreKind store;

    KeyStoreHealthIndicator(IndexKeyStore keys, BlindIndexKeys versions, KeyStoreSettings settings) {
        this.keys = keys;
        this.versions = versions;
        this.store = settings.store();
    }

    /**
     * DOWN too when the key store answers but has no key of the blind-index version in use: every
     * write of the customer view then fails. The reason names versions, never key material.
     */
    @Override
    public Health health() {
        try {
            int current = versions.currentVersion();
            if (keys.blindIndexKey(current).isEmpty()) {
                return missing("the key store has no blind-index key of version " + current + ", the one in use");
            }
            return Health.up().withDetail("store", store.value()).build();
        } catch (KeyStoreUnavailableException e) {
            return Health.down().withDetail("store", store.value()).withDetail("error", e.getMessage()).build();
        } catch (IllegalStateException e) {
            return missing("the key store has no key of the blind-index version in use");
        }
    }

    private Health missing(String reason) {
        return Health.down().withDetail("store", store.value()).withDetail("error",
                reason + ": was the database restored from before a blind-index rotation? see docs/operations.md").build();
    }
}
