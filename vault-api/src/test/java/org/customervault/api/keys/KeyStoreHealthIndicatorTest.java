package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.projections.customer.BlindIndexKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** {@code keyStore} health: UP only when the key store answers with the key of the blind-index version in use. */
class KeyStoreHealthIndicatorTest {

    private final IndexKeyStore store = mock(IndexKeyStore.class);
    private final BlindIndexKeys versions = mock(BlindIndexKeys.class);
    private final KeyStoreHealthIndicator indicator = new KeyStoreHealthIndicator(store, versions, settings());

    @Test
    void upWhenTheCurrentKeyIsThere() {
        when(versions.currentVersion()).thenReturn(2);
        when(store.blindIndexKey(2)).thenReturn(Optional.of(new SecretKeySpec(new byte[32], "HmacSHA256")));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWhenTheKeyStoreHasNoKeyOfTheVersionInUse() {
        when(versions.currentVersion()).thenReturn(2);
        when(store.blindIndexKey(2)).thenReturn(Optional.empty());

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString()).contains("no blind-index key of version 2");
    }

    @Test
    void downWhenThisNodeHoldsNoKeyOfTheVersionInUse() {
        when(versions.currentVersion()).thenThrow(new IllegalStateException("the key store has no key of the blind-index version in use"));

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString()).contains("no key of the blind-index version in use");
    }

    @Test
    void downWhenTheKeyStoreDoesNotAnswer() {
        when(versions.currentVersion()).thenReturn(1);
        when(store.blindIndexKey(1)).thenThrow(new KeyStoreUnavailableException("the key store does not answer", null));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    private static KeyStoreSettings settings() {
        KeyStoreSettings settings = mock(KeyStoreSettings.class);
        when(settings.store()).thenReturn(KeyStoreKind.LOCAL);
        return settings;
    }
}
