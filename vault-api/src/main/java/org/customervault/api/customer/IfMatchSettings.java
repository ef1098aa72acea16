package org.customervault.api.customer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vault.api.require-if-match} ({@code VAULT_API_REQUIRE_IF_MATCH}): when on, every write that
 * takes {@code If-Match} is refused without it (428), so no client can overwrite a change it has not
 * seen. Off by default, and when the variable is empty: clients written before versions existed keep
 * working.
 */
@ConfigurationProperties("vault.api")
public record IfMatchSettings(Boolean requireIfMatch) {

    public IfMatchSettings {
        requireIfMatch = Boolean.TRUE.equals(requireIfMatch);
    }
}
