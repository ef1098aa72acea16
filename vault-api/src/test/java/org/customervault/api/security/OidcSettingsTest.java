package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OidcSettingsTest {

    @Test
    void cannotTrustAnIssuerWithoutAnAudience() {
        // any token of the issuer, made for another application, would do
        assertThatThrownBy(() -> new SecuritySettings.Oidc("https://id.example.com/realms/crm", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("vault.security.oidc.audience");
    }

    @Test
    void cannotFetchTheIssuersKeysOverPlainHttpFromAnotherHost() {
        assertThatThrownBy(() -> new SecuritySettings.Oidc("http://id.example.com/realms/crm", null, "customer-vault"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("vault.security.oidc.issuer-uri");
        assertThat(new SecuritySettings.Oidc("http://127.0.0.1:8081/realms/crm", null, "customer-vault").enabled()).isTrue();
        assertThat(new SecuritySettings.Oidc("https://id.example.com/realms/crm", null, "customer-vault").enabled()).isTrue();
    }

    @Test
    void noIssuerNoJwts() {
        assertThat(new SecuritySettings.Oidc(" ", null, null).enabled()).isFalse();
    }
}
