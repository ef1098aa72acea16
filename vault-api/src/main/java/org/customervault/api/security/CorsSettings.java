package org.customervault.api.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web origins whose pages may call the API from a browser ({@code vault.api.cors.allowed-origins},
 * comma-separated in {@code VAULT_API_CORS_ALLOWED_ORIGINS}). None by default: then the vault sends no
 * CORS header at all. An origin is a scheme, a host and an optional port, e.g.
 * {@code https://crm.example.com}; anything else (a path, a {@code *}) stops the vault at start, naming
 * the setting, rather than never matching a browser's {@code Origin} or matching every site.
 */
@ConfigurationProperties("vault.api.cors")
public record CorsSettings(@DefaultValue List<String> allowedOrigins) {

    public CorsSettings {
        // blank entries come from an empty environment variable or a trailing comma
        allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins.stream()
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .map(CorsSettings::checked)
                .distinct()
                .toList();
    }

    public boolean enabled() {
        return !allowedOrigins.isEmpty();
    }

    private static String checked(String origin) {
        String withoutSlash = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
        try {
            URI uri = new URI(withoutSlash);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                    && uri.getRawFragment() == null) {
                // a browser leaves the scheme's default port out of Origin: kept, it would never match
                boolean defaultPort = uri.getPort() == -1 || uri.getPort() == (scheme.equals("https") ? 443 : 80);
                return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort());
            }
        } catch (URISyntaxException malformed) {
            // refused below, without the cause: the message names the setting and the value is the operator's own
        }
        throw new IllegalArgumentException("vault.api.cors.allowed-origins: '" + origin
                + "' is not an origin such as https://crm.example.com (scheme, host, optional port; no path, no *)");
    }
}
