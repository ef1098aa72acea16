package org.customervault.api.snapshot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Customer snapshots ({@code vault.snapshots.*}, environment {@code VAULT_SNAPSHOTS_*}): a snapshot is
 * taken after every {@code every} events of a customer; {@code 0} takes none and reads none stored
 * earlier (customers are then always loaded from all their events).
 */
@ConfigurationProperties("vault.snapshots")
public record SnapshotSettings(@DefaultValue("250") int every) {

    public SnapshotSettings {
        if (every < 0) {
            throw new IllegalArgumentException("vault.snapshots.every must be 0 (no snapshots) or more");
        }
    }

    public boolean enabled() {
        return every > 0;
    }
}
