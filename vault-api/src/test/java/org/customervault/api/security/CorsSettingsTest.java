package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsSettingsTest {

    @Test
    void noOriginByDefault() {
        assertThat(new CorsSettings(null).enabled()).isFalse();
        // an empty VAULT_API_CORS_ALLOWED_ORIGINS binds as one blank entry
        assertThat(new CorsSettings(List.of("")).enabled()).isFalse();
    }

    @Test
    void originsAreTrimmedAndWrittenAsBrowsersSendThem() {
        CorsSettings settings = new CorsSettings(List.of(" https://CRM.example.com/", "http://localhost:5173", "",
                "https://crm.example.com"));

        assertThat(settings.allowedOrigins()).containsExactly("https://crm.example.com", "http://localhost:5173");
    }

    @Test
    void aDefaultPortIsLeftOutAsBrowsersLeaveItOutOfOrigin() {
        CorsSettings settings = new CorsSettings(List.of("https://crm.example.com:443", "http://crm.example.com:80",
                "https://crm.example.com:8443", "http://crm.example.com:443"));

        assertThat(settings.allowedOrigins()).containsExactly("https://crm.example.com", "http://crm.example.com",
                "https://crm.example.com:8443", "http://crm.example.com:443");
    }

    @Test
    void cannotAllowEveryOriginOrAPath() {
        for (String notAnOrigin : Arrays.asList("*", "https://crm.example.com/app", "crm.example.com",
                "ftp://crm.example.com", "https://user@crm.example.com", "https://crm.example.com?x=1")) {
            assertThatThrownBy(() -> new CorsSettings(List.of(notAnOrigin))).as(notAnOrigin)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("vault.api.cors.allowed-origins");
        }
    }
}
