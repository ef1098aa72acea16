package org.customervault.api.security;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * {@code Authorization: Bearer}: the vault's own API tokens, told apart by their prefix, and
 * otherwise JWTs of the OpenID Connect issuer, when one is configured. Every refusal is a
 * {@link BadCredentialsException}, which {@link FailedLoginLimit} counts against the client's address.
 */
final class BearerTokens implements AuthenticationProvider {

    private final AuthenticationProvider apiTokens;
    private final Optional<AuthenticationProvider> jwts;

    BearerTokens(AuthenticationProvider apiTokens, Optional<AuthenticationProvider> jwts) {
        this.apiTokens = apiTokens;
        this.jwts = jwts;
    }

    @Override
    public Authentication authenticate(Authentication request) {
        Authentication apiToken = apiTokens.authenticate(request);
        if (apiToken != null) {
            return apiToken;
        }
        AuthenticationProvider issuer = jwts.orElseThrow(() -> new BadCredentialsException("not an API token"));
        try {
            return issuer.authenticate(request);
        } catch (InvalidBearerTokenException refused) {
            throw new BadCredentialsException("JWT refused", refused);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
