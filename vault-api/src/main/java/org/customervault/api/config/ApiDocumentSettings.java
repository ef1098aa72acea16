package org.customervault.api.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where clients reach the API ({@code vault.api.public-url}, {@code VAULT_API_PUBLIC_URL}), e.g.
 * {@code https://vault.example.com}: the OpenAPI document names it as its server, so that a client
 * generated from the document calls the vault behind its proxy rather than the address the
 * document was read from. Unset, the document names the address it was read from.
 */
@ConfigurationProperties("vault.api")
public record ApiDocumentSettings(URI publicUrl) {

    public ApiDocumentSettings {
        if (publicUrl != null && (!publicUrl.isAbsolute() || publicUrl.getHost() == null
                || !(publicUrl.getScheme().equals("https") || publicUrl.getScheme().equals("http")))) {
            throw new IllegalArgumentException("vault.api.public-url must be an absolute http(s) URL such as"
                    + " https://vault.example.com");
        }
    }
}
