package org.customervault.api.security.token;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Signs in a bearer API token by the hash of its secret, against the database on every request: no
 * node keeps a token it has seen, so a revocation, or the expiry, holds at once on all of them.
 * Bearer tokens without the prefix (JWTs) are left to the next provider.
 */
public class ApiTokenVerifier implements AuthenticationProvider {

    private final ApiTokens tokens;

    public ApiTokenVerifier(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication request) {
        String bearer = ((BearerTokenAuthenticationToken) request).getToken();
        if (!TokenSecrets.isApiToken(bearer)) {
            return null;
        }
        return tokens.active(TokenSecrets.hash(bearer))
                .map(token -> new ApiTokenAuthentication(token.id(), token.name(), token.roles()))
                .orElseThrow(() -> new BadCredentialsException("unknown, revoked or expired API token"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
